using System.Numerics;
using System.Runtime.InteropServices;
using Glassbox.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Glassbox.Transformers;

/// <summary>
/// Hot-loop kernels of the engine that call TensorPrimitives' non-generic float/double overloads (the generic
/// <c>Exp&lt;T&gt;</c>/<c>Tanh&lt;T&gt;</c> paths are several times slower in .NET 10). Results agree with
/// <see cref="Kernels"/> to rounding; the masking semantics are identical (−∞ → exactly 0). Softmax weights below
/// the smallest normal number (e.g. e^−100 in float32, which compiled models' cold attention produces everywhere
/// off the selected keys) are flushed to exactly 0: subnormal operands make every later multiply-add that touches
/// them take a slow microcode path, and such weights change nothing a float can hold next to the others.
/// </summary>
internal static class FastMath
{
    /// <summary>Column-wise softmax with max subtraction; an all −∞ column becomes zeros (as <see cref="Kernels.SoftmaxColumns{T}"/>).</summary>
    public static void SoftmaxColumns<T>(Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) { SoftmaxFloat(x, y); return; }
        Kernels.SoftmaxColumns(x, y);
        if (typeof(T) == typeof(double))
            for (int j = 0; j < y.Columns; j++) FlushSubnormals(MemoryMarshal.Cast<T, double>(y.Column(j)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxFloat<T>(Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < x.Columns; j++)
        {
            var src = MemoryMarshal.Cast<T, float>(x.Column(j));
            var dst = MemoryMarshal.Cast<T, float>(y.Column(j));
            if (src.Length == 0) continue;
            float max = TP.Max(src);
            if (float.IsNegativeInfinity(max)) { dst.Clear(); continue; }
            TP.Subtract(src, max, dst);
            TP.Exp(dst, dst);
            TP.Divide(dst, TP.Sum(dst), dst);
            FlushSubnormals(dst);
        }
    }

    /// <summary>Sets every non-negative value below <typeparamref name="U"/>'s smallest normal number to exactly 0.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void FlushSubnormals<U>(Span<U> values) where U : unmanaged, IFloatingPointIeee754<U>
    {
        var tiny = new Vector<U>(U.CreateChecked(typeof(U) == typeof(float) ? 1.1754943508222875e-38 : 2.2250738585072014e-308));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<U>.Count <= values.Length; i += Vector<U>.Count)
            {
                var v = new Vector<U>(values[i..]);
                Vector.ConditionalSelect(Vector.LessThan(v, tiny), Vector<U>.Zero, v).CopyTo(values[i..]);
            }
        U small = tiny[0];
        for (; i < values.Length; i++) if (values[i] < small) values[i] = U.Zero;
    }

    /// <summary>y ← ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (x and y must not alias).</summary>
    public static void GeluTanh<T>(Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var s = MemoryMarshal.Cast<T, float>(x.Span);
            var d = MemoryMarshal.Cast<T, float>(y.Span);
            TP.Multiply(s, s, d);
            TP.Multiply(d, 0.044715f, d);
            TP.Add(d, 1f, d);
            TP.Multiply(d, s, d);
            TP.Multiply(d, 0.7978845608028654f, d);
            TP.Tanh(d, d);
            TP.Add(d, 1f, d);
            TP.Multiply(d, s, d);
            TP.Multiply(d, 0.5f, d);
            return;
        }
        if (typeof(T) == typeof(double))
        {
            var s = MemoryMarshal.Cast<T, double>(x.Span);
            var d = MemoryMarshal.Cast<T, double>(y.Span);
            TP.Multiply<double>(s, s, d);
            TP.Multiply<double>(d, 0.044715, d);
            TP.Add<double>(d, 1.0, d);
            TP.Multiply<double>(d, s, d);
            TP.Multiply<double>(d, 0.7978845608028654, d);
            TP.Tanh<double>(d, d);
            TP.Add<double>(d, 1.0, d);
            TP.Multiply<double>(d, s, d);
            TP.Multiply<double>(d, 0.5, d);
            return;
        }
        Kernels.Gelu(x, y, GeluApproximation.Tanh);
    }
}
