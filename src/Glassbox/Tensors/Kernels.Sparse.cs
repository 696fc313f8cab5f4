using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Tensors;

public static partial class Kernels
{
    /// <summary>Above this fraction of non-zero entries in X, <see cref="MatMulSparseColumns{T}(Tensor{T}, Tensor{T}, SparsePattern, Tensor{T})"/> uses the dense product.</summary>
    public const double SparseColumnsMaxDensity = 0.25;

    /// <summary>Below this many entries of W the dense fallback multiplies all of W; above, only its non-zero rows.</summary>
    private const int CompactRowsAbove = 4096;

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
    /// <see cref="MatMul{T}(Tensor{T}, Tensor{T}, Tensor{T}, bool, bool, bool)"/> to rounding (a NaN in X propagates to
    /// every output W reaches from it; 0·∞ is never formed). When more than <see cref="SparseColumnsMaxDensity"/> of X
    /// is non-zero the dense product runs instead, over W's non-zero rows only when W is large (a compiled head's W_O
    /// writes a few of thousands of directions; outputs on W's all-zero rows are then exactly 0, even where X holds a
    /// NaN). Large products are spread over <see cref="MaxDegreeOfParallelism"/> cores by whole
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
            if ((long)w.Rows * w.Columns > CompactRowsAbove) NonZeroRowsProduct(w, x, y);
            else MatMul(w, x, y);
            return;
        }
        const int columnsPerThread = 64;
        long work = (long)pattern.Count * w.Rows + (long)n * w.Rows;
        int threads = work >= 1 << 20 ? Math.Min(MaxDegreeOfParallelism, n / columnsPerThread) : 1;
        if (threads <= 1)
        {
            SparseColumns(w, x, pattern, y, 0, n);
            return;
        }
        int per = (n + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => SparseColumns(w, x, pattern, y, t * per, Math.Min(n, (t + 1) * per)));
    }

    /// <summary>
    /// Columns <paramref name="from"/> … <paramref name="to"/> − 1 of Y: y[:, c] ← Σ_t X[j_t, c] · W[:, j_t] over the
    /// pattern's rows j_t of column c (y[:, c] ← 0 when there are none). Each vector-width slice of y is summed in a
    /// register across all the j_t before it is stored; the last slice starts at d_out − lanes (it may overlap the one
    /// before it, writing the same sums).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SparseColumns<T>(Tensor<T> w, Tensor<T> x, SparsePattern pattern, Tensor<T> y, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = w.Rows, dIn = x.Rows, lanes = Vector<T>.Count;
        ref T weights = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w.Data), w.Offset);
        ref T inputs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x.Data), x.Offset);
        ref T outputs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y.Data), y.Offset);
        ref int starts = ref MemoryMarshal.GetArrayDataReference(pattern.Starts);
        ref int indices = ref MemoryMarshal.GetArrayDataReference(pattern.Indices);
        bool vectors = Vector.IsHardwareAccelerated && rows >= lanes;
        for (int c = from; c < to; c++)
        {
            int first = Unsafe.Add(ref starts, c), end = Unsafe.Add(ref starts, c + 1);
            ref T xc = ref Unsafe.Add(ref inputs, c * dIn);
            ref T yc = ref Unsafe.Add(ref outputs, c * rows);
            if (vectors)
            {
                for (int i = 0; ; i += lanes)
                {
                    if (i > rows - lanes) i = rows - lanes;
                    var sum = Vector<T>.Zero;
                    for (int t = first; t < end; t++)
                    {
                        int j = Unsafe.Add(ref indices, t);
                        sum += Vector.LoadUnsafe(ref weights, (nuint)(j * rows + i)) * Unsafe.Add(ref xc, j);
                    }
                    sum.StoreUnsafe(ref yc, (nuint)i);
                    if (i == rows - lanes) break;
                }
                continue;
            }
            for (int i = 0; i < rows; i++)
            {
                T sum = T.Zero;
                for (int t = first; t < end; t++)
                {
                    int j = Unsafe.Add(ref indices, t);
                    sum += Unsafe.Add(ref weights, j * rows + i) * Unsafe.Add(ref xc, j);
                }
                Unsafe.Add(ref yc, i) = sum;
            }
        }
    }

    /// <summary>Reusable scratch of <see cref="NonZeroRowsProduct{T}"/>, one set per thread and element type.</summary>
    private static class RowsScratch<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] public static int[]? Rows;
        [ThreadStatic] public static bool[]? Used;
        [ThreadStatic] public static Tensor<T>? Compact, Product;

        /// <summary>A rows×columns view of a flat buffer that only grows.</summary>
        public static Tensor<T> View(ref Tensor<T>? buffer, int rows, int columns)
        {
            int need = rows * columns;
            if (buffer is null || buffer.Length < need) buffer = new Tensor<T>(1, Math.Max(1, need));
            return buffer.ColumnRange(0, need).Reshape(rows, columns);
        }
    }

    /// <summary>Y ← W X by the dense product over the rows of W that hold a non-zero; Y's other rows are 0.</summary>
    private static void NonZeroRowsProduct<T>(Tensor<T> w, Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = w.Rows, k = w.Columns;
        var rows = RowsScratch<T>.Rows is { } keptRows && keptRows.Length >= m ? keptRows : RowsScratch<T>.Rows = new int[m];
        var used = RowsScratch<T>.Used is { } keptUsed && keptUsed.Length >= m ? keptUsed : RowsScratch<T>.Used = new bool[m];
        Array.Clear(used, 0, m);
        for (int j = 0; j < k; j++)
        {
            var column = w.Column(j);
            for (int i = 0; i < m; i++) used[i] |= column[i] != T.Zero;
        }
        int count = 0;
        for (int i = 0; i < m; i++)
            if (used[i]) rows[count++] = i;
        if (2 * count > m)
        {
            MatMul(w, x, y);
            return;
        }
        var compact = RowsScratch<T>.View(ref RowsScratch<T>.Compact, count, k);
        for (int j = 0; j < k; j++)
        {
            var from = w.Column(j);
            var to = compact.Column(j);
            for (int r = 0; r < count; r++) to[r] = from[rows[r]];
        }
        var product = RowsScratch<T>.View(ref RowsScratch<T>.Product, count, x.Columns);
        MatMul(compact, x, product);
        y.Clear();
        for (int c = 0; c < x.Columns; c++)
        {
            var from = product.Column(c);
            var to = y.Column(c);
            for (int r = 0; r < count; r++) to[rows[r]] = from[r];
        }
    }
}
