using System.Numerics;

namespace Glassbox.Tensors;

/// <summary>
/// Records the ops run on this thread while it is open (<c>using var tape = new Tape&lt;double&gt;();</c>), then
/// runs them backwards: <see cref="Backward(Var{T})"/> fills <see cref="Var{T}.Grad"/> of every var that needs
/// one. With no tape open, ops record nothing (inference); <see cref="NoGrad"/> suspends recording inside a tape.
/// </summary>
public sealed class Tape<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static Tape<T>? current;

    private readonly Tape<T>? previous;
    private readonly List<Var<T>> nodes = [];
    private bool disposed;
    private bool used;

    /// <summary>Opens a tape and makes it the current one on this thread until disposed.</summary>
    public Tape()
    {
        previous = current;
        current = this;
    }

    /// <summary>The tape ops record onto on this thread, or null (no-grad mode).</summary>
    public static Tape<T>? Current => current;

    /// <summary>Number of recorded op results.</summary>
    public int Count => nodes.Count;

    /// <summary>Stops recording on this thread until the returned scope is disposed.</summary>
    public static IDisposable NoGrad() => new Suspension();

    internal void Record(Var<T> node) => nodes.Add(node);

    /// <summary>Back-propagates from a scalar (1×1) output, seeding ∂output/∂output = 1.</summary>
    public void Backward(Var<T> output)
    {
        if (output.Value.Length != 1)
            throw new ArgumentException($"Backward needs a scalar output (1×1), got {output.Rows}×{output.Columns}; pass an output gradient");
        Backward(output, Tensor<T>.FromScalar(T.One));
    }

    /// <summary>Back-propagates <paramref name="outputGradient"/> (same shape as the output) through the recorded ops.</summary>
    public void Backward(Var<T> output, Tensor<T> outputGradient)
    {
        if (used) throw new InvalidOperationException("this tape has already run backward; record a new one");
        if (!output.Value.SameShape(outputGradient)) throw output.Value.ShapeError("Backward", outputGradient);
        if (!output.RequiresGrad) throw new InvalidOperationException("the output does not depend on any parameter recorded on this tape");
        used = true;
        var seed = output.GradOrCreate();
        Kernels.Add(seed, outputGradient, seed);
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.Grad is { } g) node.BackwardStep!(g);
        }
    }

    /// <summary>Closes the tape: the previously current tape (if any) becomes current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (current == this) current = previous;
    }

    private sealed class Suspension : IDisposable
    {
        private readonly Tape<T>? saved = current;
        private bool done;

        public Suspension() => current = null;

        public void Dispose()
        {
            if (done) return;
            done = true;
            current = saved;
        }
    }
}
