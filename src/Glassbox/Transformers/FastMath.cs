using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// exp(−88) ≈ 6e−39 is below float's smallest normal number, so every softmax weight from an exponent at or under
    /// −88 is flushed to 0 anyway; clamping exponents there first changes no result and keeps the vectorised exp in
    /// its range (compiled models' cold scores reach −10⁴; measured: 0.84 ns per element unclamped, 0.58 clamped).
    /// </summary>
    private const float ExpFloor = -88f;

    /// <summary>Columns up to this long are normalised together: one exp over the whole tensor instead of one call per column.</summary>
    private const int ShortColumn = 32;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxFloat<T>(Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rows == 0) return;
        if (x.Rows <= ShortColumn)
        {
            SoftmaxShortColumns(MemoryMarshal.Cast<T, float>(x.Span), MemoryMarshal.Cast<T, float>(y.Span), x.Rows);
            return;
        }
        for (int j = 0; j < x.Columns; j++)
        {
            var src = MemoryMarshal.Cast<T, float>(x.Column(j));
            var dst = MemoryMarshal.Cast<T, float>(y.Column(j));
            float max = TP.Max(src);
            if (float.IsNegativeInfinity(max)) { dst.Clear(); continue; }
            TP.Subtract(src, max, dst);
            TP.Max(dst, ExpFloor, dst);
            TP.Exp(dst, dst);
            TP.Divide(dst, TP.Sum(dst), dst);
            FlushSubnormals(dst);
        }
    }

    /// <summary>
    /// Softmax of many short columns (attention over short sequences): subtract each column's maximum, one
    /// vectorised exp over everything, scale each column by the reciprocal of its sum, flush subnormals. An all −∞
    /// column becomes 0; a column holding NaN or +∞ becomes NaN, as in <see cref="Kernels.SoftmaxColumns{T}"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxShortColumns(ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int columns = x.Length / rows, lanes = Vector256<float>.Count;
        bool vectors = Vector256.IsHardwareAccelerated && rows >= lanes;
        var floor = Vector256.Create(ExpFloor);
        for (int c = 0; c < columns; c++)
        {
            ref float src = ref Unsafe.Add(ref xs, c * rows);
            ref float dst = ref Unsafe.Add(ref ys, c * rows);
            float max = float.NegativeInfinity;
            bool nan = false;
            int i = 0;
            if (vectors)
            {
                var m = Vector256.LoadUnsafe(ref src);
                nan = !Vector256.EqualsAll(m, m);
                for (i = lanes; i + lanes <= rows; i += lanes)
                {
                    var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                    nan |= !Vector256.EqualsAll(v, v);
                    m = Vector256.Max(m, v);
                }
                max = HorizontalMax(m);
            }
            for (; i < rows; i++)
            {
                float v = Unsafe.Add(ref src, i);
                nan |= float.IsNaN(v);
                max = v > max ? v : max;
            }
            if (nan || float.IsPositiveInfinity(max))   // as the reference kernel: NaN throughout (max subtraction gives ∞ − ∞)
            {
                MemoryMarshal.CreateSpan(ref dst, rows).Fill(float.NaN);
                continue;
            }
            if (float.IsNegativeInfinity(max))   // all masked: exp(−∞) = 0 and the column stays 0
            {
                MemoryMarshal.CreateSpan(ref dst, rows).Fill(float.NegativeInfinity);
                continue;
            }
            i = 0;
            if (vectors)
            {
                var shift = Vector256.Create(max);
                for (; i + lanes <= rows; i += lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref src, (nuint)i) - shift, floor).StoreUnsafe(ref dst, (nuint)i);
            }
            for (; i < rows; i++)
            {
                float shifted = Unsafe.Add(ref src, i) - max;
                Unsafe.Add(ref dst, i) = shifted > ExpFloor ? shifted : ExpFloor;
            }
        }
        TP.Exp(y, y);
        for (int c = 0; c < columns; c++)
        {
            ref float dst = ref Unsafe.Add(ref ys, c * rows);
            float sum = 0;
            int i = 0;
            if (vectors)
            {
                var total = Vector256<float>.Zero;
                for (; i + lanes <= rows; i += lanes) total += Vector256.LoadUnsafe(ref dst, (nuint)i);
                sum = Vector256.Sum(total);
            }
            for (; i < rows; i++) sum += Unsafe.Add(ref dst, i);
            if (sum == 0) continue;
            float inverse = 1 / sum;
            i = 0;
            if (vectors)
                for (var scale = Vector256.Create(inverse); i + lanes <= rows; i += lanes)
                    (Vector256.LoadUnsafe(ref dst, (nuint)i) * scale).StoreUnsafe(ref dst, (nuint)i);
            for (; i < rows; i++) Unsafe.Add(ref dst, i) *= inverse;
        }
        FlushSubnormals(y);
    }

    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
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
