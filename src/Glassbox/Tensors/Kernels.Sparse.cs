using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Tensors;

public static partial class Kernels
{
    /// <summary>Above this fraction of non-zero entries in X, <see cref="MatMulSparseColumns{T}(Tensor{T}, Tensor{T}, SparsePattern, Tensor{T})"/> uses the dense product.</summary>
    public const double SparseColumnsMaxDensity = 0.25;

    [ThreadStatic] private static SparsePattern? _scratchPattern;

    /// <summary><paramref name="y"/> ← W X visiting only X's non-zero entries (the pattern is found here; see the overload).</summary>
    public static void MatMulSparseColumns<T>(Tensor<T> w, Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        MatMulSparseColumns(w, x, (_scratchPattern ??= new SparsePattern()).Find(x, SparseColumnsMaxDensity), y);

    /// <summary>
    /// <paramref name="y"/> ← W X, visiting only the non-zero entries of each column of X (<paramref name="pattern"/>,
    /// found by <see cref="SparsePattern.Find{T}"/> on X (with <see cref="SparseColumnsMaxDensity"/> as its limit) and shareable by every product that reads X):
    /// y[:, c] = Σ_{j : X[j, c] ≠ 0} X[j, c] · W[:, j], summed slice by slice of y in SIMD registers.
    /// A column then costs d_out · nnz(X[:, c]) instead of d_out · d_in, which is what compiled models need: their
    /// residual streams are one-hot per s-op, a handful of non-zeros among thousands of directions. The sums are the
    /// dense product's terms in ascending j with the zero terms left out, so results agree with
    /// <see cref="MatMul{T}(Tensor{T}, Tensor{T}, Tensor{T}, bool, bool, bool)"/> to rounding (a NaN in X still
    /// propagates; 0·∞ in W is not formed). When more than <see cref="SparseColumnsMaxDensity"/> of X is non-zero the
    /// dense product runs instead, over W's non-zero rows only when W is large (a compiled head's W_O writes a few
    /// of thousands of directions). Large products are spread over <see cref="MaxDegreeOfParallelism"/> cores by whole
    /// columns (bit-identical either way).
    /// </summary>
    public static void MatMulSparseColumns<T>(Tensor<T> w, Tensor<T> x, SparsePattern pattern, Tensor<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Columns != x.Rows || y.Rows != w.Rows || y.Columns != x.Columns)
            throw new ArgumentException($"MatMulSparseColumns: W is {w.Rows}×{w.Columns}, X is {x.Rows}×{x.Columns}, Y is {y.Rows}×{y.Columns}");
        if (pattern.Rows != x.Rows || pattern.Columns != x.Columns)
            throw new ArgumentException($"MatMulSparseColumns: the pattern describes a {pattern.Rows}×{pattern.Columns} matrix, X is {x.Rows}×{x.Columns}");
        int n = x.Columns;
        if (pattern.IsDense || pattern.Count > SparseColumnsMaxDensity * x.Length)
        {
            if ((long)w.Rows * w.Columns > 4096) NonZeroRowsProduct(w, x, y);
            else MatMul(w, x, y);
            return;
        }
        const int columnsPerThread = 64;
        long work = (long)pattern.Count * w.Rows + (long)n * w.Rows;
        int threads = work >= 1 << 20 ? Math.Min(MaxDegreeOfParallelism, n / columnsPerThread) : 1;
        if (threads <= 1)
        {
            for (int c = 0; c < n; c++) SumOfColumns(w, pattern.Column(c), x.Column(c), y.Column(c));
            return;
        }
        int per = (n + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int c = t * per; c < Math.Min(n, (t + 1) * per); c++) SumOfColumns(w, pattern.Column(c), x.Column(c), y.Column(c));
        });
    }

    /// <summary>
    /// y ← Σ_t x[j_t] · W[:, j_t] over the listed <paramref name="columns"/> j_t of W (y ← 0 for none). Each
    /// vector-width slice of y is summed in a register across all the columns before it is stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumOfColumns<T>(Tensor<T> w, ReadOnlySpan<int> columns, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (columns.Length == 0) { y.Clear(); return; }
        int rows = w.Rows, lanes = Vector<T>.Count;
        ref T data = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w.Data), w.Offset);
        if (!Vector.IsHardwareAccelerated || rows < lanes)
        {
            for (int i = 0; i < rows; i++)
            {
                T sum = T.Zero;
                foreach (int j in columns) sum += Unsafe.Add(ref data, j * rows + i) * x[j];
                y[i] = sum;
            }
            return;
        }
        // Slices of one vector; the last starts at rows − lanes (it may overlap the one before, writing the same sums).
        for (int i = 0; ; i += lanes)
        {
            if (i > rows - lanes) i = rows - lanes;
            var sum = Vector<T>.Zero;
            foreach (int j in columns) sum += Vector.LoadUnsafe(ref data, (nuint)(j * rows + i)) * x[j];
            sum.CopyTo(y[i..]);
            if (i == rows - lanes) break;
        }
    }

    /// <summary>Y ← W X by the dense product over the rows of W that hold a non-zero; Y's other rows are 0.</summary>
    private static void NonZeroRowsProduct<T>(Tensor<T> w, Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = w.Rows, k = w.Columns;
        var used = new bool[m];
        for (int j = 0; j < k; j++)
        {
            var column = w.Column(j);
            for (int i = 0; i < m; i++) used[i] |= column[i] != T.Zero;
        }
        var rows = Enumerable.Range(0, m).Where(i => used[i]).ToArray();
        if (2 * rows.Length > m)
        {
            MatMul(w, x, y);
            return;
        }
        var compact = new Tensor<T>(rows.Length, k);
        for (int j = 0; j < k; j++)
        {
            var from = w.Column(j);
            var to = compact.Column(j);
            for (int r = 0; r < rows.Length; r++) to[r] = from[rows[r]];
        }
        var product = MatMul(compact, x);
        y.Clear();
        for (int c = 0; c < x.Columns; c++)
        {
            var from = product.Column(c);
            var to = y.Column(c);
            for (int r = 0; r < rows.Length; r++) to[rows[r]] = from[r];
        }
    }

    /// <summary>Writes the positions of <paramref name="x"/>'s non-zero entries (NaN counts as non-zero) in ascending order; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int NonZeroIndices<T>(ReadOnlySpan<T> x, Span<int> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 0, i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            int lanes = System.Runtime.Intrinsics.Vector256<T>.Count;
            for (; i + lanes <= x.Length; i += lanes)
            {
                var zero = System.Runtime.Intrinsics.Vector256.Equals(System.Runtime.Intrinsics.Vector256.Create<T>(x.Slice(i, lanes)),
                    System.Runtime.Intrinsics.Vector256<T>.Zero);
                uint nonZero = ~System.Runtime.Intrinsics.Vector256.ExtractMostSignificantBits(zero) & ((1u << lanes) - 1);
                while (nonZero != 0)
                {
                    indices[count++] = i + BitOperations.TrailingZeroCount(nonZero);
                    nonZero &= nonZero - 1;
                }
            }
        }
        for (; i < x.Length; i++)
            if (x[i] != T.Zero) indices[count++] = i;
        return count;
    }
}
