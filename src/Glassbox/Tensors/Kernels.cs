using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Tensors;

/// <summary>Which formula GELU(x) = x·Φ(x) uses.</summary>
public enum GeluApproximation
{
    /// <summary>Exact: x·½(1 + erf(x/√2)).</summary>
    None,

    /// <summary>The tanh approximation used by GPT-2: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    Tanh,
}

/// <summary>
/// SIMD kernels on <see cref="Tensor{T}"/> that write into a destination the caller owns (so inference can reuse
/// buffers and allocate nothing per token). Column-wise operations treat each column as one token's vector, as in
/// "Formal Algorithms for Transformers". Unless noted, the destination may be the source (in place).
/// </summary>
public static partial class Kernels
{
    private static int maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>
    /// The most cores one large matrix product may use (default: all). Set 1 for single-threaded, reproducible
    /// timings; results are bit-identical either way (each core computes whole columns of C).
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => maxDegreeOfParallelism;
        set => maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "at least 1");
    }

    // ---- matrix products ----------------------------------------------------------------------------------------

    /// <summary>
    /// <paramref name="c"/> ← α·op(A)·op(B) + β·C, where op(X) is X, or Xᵀ when the flag is set. C must not
    /// share memory with A or B. Cache-blocked, FMA-vectorised, and spread over cores when large.
    /// </summary>
    public static void Gemm<T>(T alpha, Tensor<T> a, bool transposeA, Tensor<T> b, bool transposeB, T beta, Tensor<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb || c.Rows != m || c.Columns != n)
            throw new ArgumentException(
                $"MatMul: op(A) is {m}×{k}, op(B) is {kb}×{n}, C is {c.Rows}×{c.Columns}");
        GemmKernel<T>.Multiply(m, n, k, alpha, a.Data, a.Offset, Math.Max(1, a.Rows), transposeA,
            b.Data, b.Offset, Math.Max(1, b.Rows), transposeB, beta, c.Data, c.Offset, Math.Max(1, c.Rows));
    }

    /// <summary><paramref name="destination"/> ← op(A)·op(B), or += when <paramref name="accumulate"/> is set.</summary>
    public static void MatMul<T>(Tensor<T> a, Tensor<T> b, Tensor<T> destination,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm(T.One, a, transposeA, b, transposeB, accumulate ? T.One : T.Zero, destination);

    /// <summary>op(A)·op(B) in a new tensor.</summary>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = new Tensor<T>(transposeA ? a.Columns : a.Rows, transposeB ? b.Rows : b.Columns);
        MatMul(a, b, c, transposeA, transposeB);
        return c;
    }

    /// <summary>The textbook triple loop, kept as the reference and the benchmark baseline.</summary>
    public static void NaiveMatMul<T>(Tensor<T> a, Tensor<T> b, Tensor<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Columns != b.Rows || destination.Rows != a.Rows || destination.Columns != b.Columns)
            throw new ArgumentException($"NaiveMatMul: {a.Rows}×{a.Columns} · {b.Rows}×{b.Columns} → {destination.Rows}×{destination.Columns}");
        destination.Clear();
        GemmKernel<T>.Naive(a.Rows, b.Columns, a.Columns, T.One, a.Span, a.Rows, false, b.Span, b.Rows, false,
            destination.Span, destination.Rows);
    }

    /// <summary><paramref name="destination"/> ← sourceᵀ (must not share memory with the source).</summary>
    public static void Transpose<T>(Tensor<T> source, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Rows != source.Columns || destination.Columns != source.Rows)
            throw new ArgumentException($"Transpose: {source.Rows}×{source.Columns} into {destination.Rows}×{destination.Columns}");
        const int block = 32;
        for (int j0 = 0; j0 < source.Columns; j0 += block)
            for (int i0 = 0; i0 < source.Rows; i0 += block)
                for (int j = j0; j < Math.Min(j0 + block, source.Columns); j++)
                {
                    var col = source.Column(j);
                    for (int i = i0; i < Math.Min(i0 + block, source.Rows); i++) destination[j, i] = col[i];
                }
    }

    // ---- element-wise -------------------------------------------------------------------------------------------

    /// <summary>destination ← a + b (same shapes).</summary>
    public static void Add<T>(Tensor<T> a, Tensor<T> b, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(a, b, "Add"); Same(a, destination, "Add");
        TensorPrimitives.Add<T>(a.Span, b.Span, destination.Span);
    }

    /// <summary>destination ← a − b (same shapes).</summary>
    public static void Subtract<T>(Tensor<T> a, Tensor<T> b, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(a, b, "Subtract"); Same(a, destination, "Subtract");
        TensorPrimitives.Subtract<T>(a.Span, b.Span, destination.Span);
    }

    /// <summary>destination ← a ⊙ b, the element-wise (Hadamard) product.</summary>
    public static void Multiply<T>(Tensor<T> a, Tensor<T> b, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(a, b, "Multiply"); Same(a, destination, "Multiply");
        TensorPrimitives.Multiply<T>(a.Span, b.Span, destination.Span);
    }

    /// <summary>destination ← s·a.</summary>
    public static void Scale<T>(Tensor<T> a, T s, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(a, destination, "Scale");
        TensorPrimitives.Multiply<T>(a.Span, s, destination.Span);
    }

    /// <summary>destination ← destination + s·a (axpy).</summary>
    public static void AddScaled<T>(Tensor<T> a, T s, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(a, destination, "AddScaled");
        TensorPrimitives.MultiplyAdd<T>(a.Span, s, destination.Span, destination.Span);
    }

    /// <summary>destination ← x + b 1ᵀ: the column vector <paramref name="bias"/> (d×1) added to every column of x.</summary>
    public static void AddColumnBroadcast<T>(Tensor<T> x, Tensor<T> bias, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bias.Columns != 1 || bias.Rows != x.Rows)
            throw new ArgumentException($"AddColumnBroadcast: bias {bias.Rows}×{bias.Columns} for {x.Rows}×{x.Columns}");
        Same(x, destination, "AddColumnBroadcast");
        var b = bias.Span;
        for (int j = 0; j < x.Columns; j++) TensorPrimitives.Add<T>(x.Column(j), b, destination.Column(j));
    }

    /// <summary>destination (d×1) ← x 1 = Σ_t x[:, t], the sum of the columns (destination must not be x).</summary>
    public static void SumOfColumns<T>(Tensor<T> x, Tensor<T> destination, bool accumulate = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Columns != 1 || destination.Rows != x.Rows)
            throw new ArgumentException($"SumOfColumns: {x.Rows}×{x.Columns} into {destination.Rows}×{destination.Columns}");
        var d = destination.Span;
        if (!accumulate) d.Clear();
        for (int j = 0; j < x.Columns; j++) TensorPrimitives.Add<T>(d, x.Column(j), d);
    }

    /// <summary>destination ← max(x, 0).</summary>
    public static void Relu<T>(Tensor<T> x, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(x, destination, "Relu");
        TensorPrimitives.Max<T>(x.Span, T.Zero, destination.Span);
    }

    /// <summary>destination ← GELU(x) = x·Φ(x), exact (erf) or with the tanh approximation.</summary>
    public static void Gelu<T>(Tensor<T> x, Tensor<T> destination, GeluApproximation approximation = GeluApproximation.None)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(x, destination, "Gelu");
        var src = x.Span;
        var dst = destination.Span;
        if (approximation == GeluApproximation.Tanh)
        {
            // ½x(1 + tanh(u)) = x·σ(2u) with u = c(x + 0.044715x³), i.e. x·σ(x·(2c + 2c·0.044715·x²)), using
            // vector kernels over chunks held on the stack (so the destination may alias the source and nothing
            // is allocated).
            T twoC = T.CreateChecked(2 * GeluTanhScale), twoCk = T.CreateChecked(2 * GeluTanhScale * 0.044715);
            const int chunk = 1024;
            Span<T> z = stackalloc T[chunk];
            for (int start = 0; start < src.Length; start += chunk)
            {
                int len = Math.Min(chunk, src.Length - start);
                var xs = src.Slice(start, len);
                var zs = z[..len];
                TensorPrimitives.Multiply<T>(xs, xs, zs);              // x²
                TensorPrimitives.Multiply<T>(zs, twoCk, zs);
                TensorPrimitives.Add<T>(zs, twoC, zs);                 // 2c + 2ck·x²
                TensorPrimitives.Multiply<T>(zs, xs, zs);              // 2u
                TensorPrimitives.Sigmoid<T>(zs, zs);
                TensorPrimitives.Multiply<T>(zs, xs, dst.Slice(start, len));
            }
            return;
        }
        // Exact: x·½(1 + erf(x/√2)) through the bulk erf, in double, over chunks held on the stack. Far in the left
        // tail (x < −8, where 1 + erf would cancel) it switches to erfc.
        const int erfChunk = 256;
        Span<double> t = stackalloc double[erfChunk];
        for (int start = 0; start < src.Length; start += erfChunk)
        {
            int len = Math.Min(erfChunk, src.Length - start);
            var xs = src.Slice(start, len);
            var ts = t[..len];
            for (int i = 0; i < len; i++) ts[i] = double.CreateChecked(xs[i]) * SpecialFunctions.InvSqrt2;
            SpecialFunctions.Erf(ts, ts);
            var ds = dst.Slice(start, len);
            for (int i = 0; i < len; i++)
            {
                double v = double.CreateChecked(xs[i]);
                double cdf = v < -8.0 ? 0.5 * SpecialFunctions.Erfc(-v * SpecialFunctions.InvSqrt2) : 0.5 * (1.0 + ts[i]);
                ds[i] = T.CreateChecked(v * cdf);
            }
        }
    }


    /// <summary>√(2/π), the scale inside the tanh approximation of GELU.</summary>
    internal const double GeluTanhScale = 0.7978845608028654;

    // ---- column-wise (per token) ---------------------------------------------------------------------------------

    /// <summary>
    /// Column-wise softmax with max subtraction: destination[:, t] = exp(x[:, t] − max) / Σ exp(x[:, t] − max).
    /// Entries equal to −∞ (masked) become exactly 0; a column that is entirely −∞ becomes all zeros.
    /// </summary>
    public static void SoftmaxColumns<T>(Tensor<T> x, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(x, destination, "SoftmaxColumns");
        if (x.Rows == 0) return;
        for (int j = 0; j < x.Columns; j++)
        {
            var src = x.Column(j);
            var dst = destination.Column(j);
            T max = TensorPrimitives.Max<T>(src);
            if (T.IsNegativeInfinity(max)) { dst.Clear(); continue; }
            TensorPrimitives.Subtract<T>(src, max, dst);
            TensorPrimitives.Exp<T>(dst, dst);
            T sum = TensorPrimitives.Sum<T>(dst);
            TensorPrimitives.Divide<T>(dst, sum, dst);
        }
    }

    /// <summary>
    /// Column-wise log-softmax: destination[:, t] = x[:, t] − max − log Σ exp(x[:, t] − max) (−∞ stays −∞).
    /// </summary>
    public static void LogSoftmaxColumns<T>(Tensor<T> x, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(x, destination, "LogSoftmaxColumns");
        if (x.Rows == 0) return;
        T[] rented = System.Buffers.ArrayPool<T>.Shared.Rent(x.Rows);
        var scratch = rented.AsSpan(0, x.Rows);
        for (int j = 0; j < x.Columns; j++)
        {
            var src = x.Column(j);
            T max = TensorPrimitives.Max<T>(src);
            if (T.IsNegativeInfinity(max)) { destination.Column(j).Fill(T.NegativeInfinity); continue; }
            TensorPrimitives.Subtract<T>(src, max, scratch);
            TensorPrimitives.Exp<T>(scratch, scratch);
            T logSum = T.Log(TensorPrimitives.Sum<T>(scratch)) + max;
            TensorPrimitives.Subtract<T>(src, logSum, destination.Column(j));
        }
        System.Buffers.ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// Layer norm of each column (Algorithm 6): m = mean, v = biased variance Σ(e−m)²/d,
    /// ê = (e − m)/√(v + ε) ⊙ γ + β. The paper has ε = 0; γ and β (d×1) may be null (meaning 1 and 0).
    /// </summary>
    public static void LayerNormColumns<T>(Tensor<T> x, Tensor<T>? gamma, Tensor<T>? beta, Tensor<T> destination, double epsilon = 0.0)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        LayerNormColumns(x, gamma, beta, destination, epsilon, null, null);

    /// <summary>Layer norm that also returns the normalised x̂ and 1/√(v+ε) per column, for the backward pass.</summary>
    internal static void LayerNormColumns<T>(Tensor<T> x, Tensor<T>? gamma, Tensor<T>? beta, Tensor<T> destination,
        double epsilon, Tensor<T>? normalized, T[]? inverseStd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(x, destination, "LayerNormColumns");
        int d = x.Rows;
        if (gamma is not null && (gamma.Rows != d || gamma.Columns != 1))
            throw new ArgumentException($"LayerNorm: γ is {gamma.Rows}×{gamma.Columns}, expected {d}×1");
        if (beta is not null && (beta.Rows != d || beta.Columns != 1))
            throw new ArgumentException($"LayerNorm: β is {beta.Rows}×{beta.Columns}, expected {d}×1");
        if (d == 0) return;
        T dT = T.CreateChecked(d), eps = T.CreateChecked(epsilon);
        for (int j = 0; j < x.Columns; j++)
        {
            var src = x.Column(j);
            var dst = destination.Column(j);
            T mean = TensorPrimitives.Sum<T>(src) / dT;
            TensorPrimitives.Subtract<T>(src, mean, dst);
            T variance = TensorPrimitives.SumOfSquares<T>(dst) / dT;
            T rstd = T.One / T.Sqrt(variance + eps);
            TensorPrimitives.Multiply<T>(dst, rstd, dst);
            if (normalized is not null) dst.CopyTo(normalized.Column(j));
            if (inverseStd is not null) inverseStd[j] = rstd;
            if (gamma is not null) TensorPrimitives.Multiply<T>(dst, gamma.Span, dst);
            if (beta is not null) TensorPrimitives.Add<T>(dst, beta.Span, dst);
        }
    }

    /// <summary>destination[:, t] = table[:, ids[t]]: embedding lookup W_e[:, x[t]] (Algorithm 1) for a whole sequence.</summary>
    public static void GatherColumns<T>(Tensor<T> table, ReadOnlySpan<int> ids, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Rows != table.Rows || destination.Columns != ids.Length)
            throw new ArgumentException($"GatherColumns: {ids.Length} ids from {table.Rows}×{table.Columns} into {destination.Rows}×{destination.Columns}");
        for (int t = 0; t < ids.Length; t++)
        {
            if ((uint)ids[t] >= (uint)table.Columns)
                throw new ArgumentOutOfRangeException(nameof(ids), $"id {ids[t]} at position {t} is outside [0, {table.Columns})");
            table.Column(ids[t]).CopyTo(destination.Column(t));
        }
    }

    /// <summary>The row index of the largest entry of each column (first one on ties).</summary>
    public static int[] ArgMaxColumns<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new int[x.Columns];
        for (int j = 0; j < x.Columns; j++) result[j] = TensorPrimitives.IndexOfMax<T>(x.Column(j));
        return result;
    }

    private static void Same<T>(Tensor<T> a, Tensor<T> b, string op) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!a.SameShape(b)) throw a.ShapeError(op, b);
    }
}
