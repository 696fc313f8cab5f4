using System.Numerics;

namespace Glassbox.Tensors;

/// <summary>
/// Differentiable ops on <see cref="Var{T}"/>. Each computes its value with <see cref="Kernels"/> and, when a
/// <see cref="Tape{T}"/> is open on this thread and some input requires a gradient, records how to send the output
/// gradient back to its inputs. Files Ops.*.cs group the ops: linear algebra, activations, column-wise
/// normalisation and masking, shapes, and losses.
/// </summary>
public static partial class Ops
{
    /// <summary>Returns the op result, recording it (with its backward step) when a tape is open and an input needs a gradient.</summary>
    private static Var<T> Output<T>(Tensor<T> value, Action<Tensor<T>> backward, params ReadOnlySpan<Var<T>?> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = Tape<T>.Current;
        if (tape is null) return Var<T>.Constant(value);
        bool any = false;
        foreach (var v in inputs) any |= v is { RequiresGrad: true };
        if (!any) return Var<T>.Constant(value);
        var result = Var<T>.Recorded(value, backward);
        tape.Record(result);
        return result;
    }

    /// <summary>Adds <paramref name="delta"/> into the gradient of <paramref name="v"/> when it needs one.</summary>
    private static void Accumulate<T>(Var<T> v, Tensor<T> delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!v.RequiresGrad) return;
        var g = v.GradOrCreate();
        Kernels.Add(g, delta, g);
    }
}
