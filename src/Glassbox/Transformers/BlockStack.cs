using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// A stack of <see cref="TransformerBlock{T}"/>s acting on an explicit residual matrix X ∈ ℝ^{d×ℓ} (tokens are
/// columns) with no embedding and no unembedding: the engine's core, shared by trained models, compiled models and
/// the looped computer (which applies the same stack to its own output again and again).
/// </summary>
public sealed class BlockStack<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Workspace<T> _workspace = new();

    /// <summary>Creates the stack; <paramref name="hookPrefix"/> prefixes hook names (the encoder of an encoder-decoder uses "encoder.").</summary>
    public BlockStack(IReadOnlyList<TransformerBlock<T>> blocks, string hookPrefix = "")
    {
        Blocks = blocks.ToArray();
        HookPrefix = hookPrefix;
    }

    /// <summary>The blocks, applied in order.</summary>
    public IReadOnlyList<TransformerBlock<T>> Blocks { get; }

    /// <summary>Prefix of this stack's hook names.</summary>
    public string HookPrefix { get; }

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters()
    {
        for (int l = 0; l < Blocks.Count; l++)
            foreach (var p in Blocks[l].Parameters($"{HookPrefix}blocks.{l}")) yield return p;
    }

    /// <summary>
    /// The blocks applied to one sequence's residual <paramref name="x"/> (d×ℓ); returns a new d×ℓ tensor. Cross-
    /// attention blocks read <paramref name="z"/>. Hooks may read or replace activations; the cache records them.
    /// </summary>
    public Tensor<T> Forward(Tensor<T> x, HookSet<T>? hooks = null, ActivationCache<T>? cache = null, Tensor<T>? z = null)
    {
        var ctx = new ForwardContext<T>(_workspace, SequenceLayout.Single(x.Columns), hooks, cache);
        return Forward(x, ctx, z, z is null ? null : SequenceLayout.Single(z.Columns)).Clone();
    }

    /// <summary>
    /// The blocks applied to many sequences packed side by side in <paramref name="x"/> (see <paramref name="layout"/>),
    /// writing the result into <paramref name="output"/>; reuses this stack's buffers between calls (not thread-safe).
    /// </summary>
    public void Forward(Tensor<T> x, SequenceLayout layout, Tensor<T> output, HookSet<T>? hooks = null, ActivationCache<T>? cache = null)
    {
        var ctx = new ForwardContext<T>(_workspace, layout, hooks, cache);
        Forward(x, ctx, null, null).CopyTo(output);
    }

    internal Tensor<T> Forward(Tensor<T> x, ForwardContext<T> ctx, Tensor<T>? z, SequenceLayout? zLayout)
    {
        var current = x;
        for (int l = 0; l < Blocks.Count; l++)
            current = Blocks[l].Forward(current, z, zLayout, ctx, HookPrefix, l);
        return current;
    }

    /// <summary><paramref name="d"/>: dL/d(output) in, dL/d(input) out; encoder-output gradients go into <paramref name="dz"/>.</summary>
    internal void Backward(Tensor<T> d, Tensor<T>? z, SequenceLayout layout, SequenceLayout? zLayout, Tensor<T>? dz,
        Gradients<T> grads, Workspace<T> ws)
    {
        for (int l = Blocks.Count - 1; l >= 0; l--)
            Blocks[l].Backward(d, z, layout, zLayout, dz, grads, ws);
    }
}
