using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Tensors;

/// <summary>
/// General matrix multiply <c>C ← α·op(A)·op(B) + β·C</c> on column-major storage, where op(X) is X or Xᵀ.
/// The large-size path is cache-blocked: an MC×KC block of op(A) is copied into contiguous MR-row panels, and a
/// register-blocked micro-kernel computes each MR×NR tile of C with 2·NR vector accumulators and fused
/// multiply-adds (MR = 2·<see cref="Vector{T}.Count"/>, NR = 6), reading op(B) in place with broadcasts. Work is
/// split over column blocks of C across cores when the product is large.
/// </summary>
/// <remarks>
/// The kernels are compiled fully optimised on first use (<see cref="MethodImplOptions.AggressiveOptimization"/>)
/// rather than waiting for tiered compilation, which on a busy machine can take seconds: a one-off verification or
/// a short benchmark would otherwise run mostly on unoptimised code.
/// </remarks>
internal static class GemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Constants the JIT folds in every tier (static readonly fields are only folded once the class is initialised,
    // which an eagerly optimised method cannot count on).
    private static int VL => Vector<T>.Count;
    private static int MR => 2 * Vector<T>.Count;
    private const int NR = 6;
    private const int KC = 256;
    private static int MC => typeof(T) == typeof(float) ? 256 : 128;
    private const int NC = 512;

    /// <summary>A non-transposed A of at most this many bytes is read in place by the micro-kernel instead of packed.</summary>
    internal const long UnpackedALimit = 192 * 1024;

    /// <summary>Products with at least this many multiply-adds are spread over cores.</summary>
    internal const long ParallelThreshold = 1L << 21;


    /// <summary>Reads element (i, p) of op(X) from a column-major X with leading dimension ld.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T At(ReadOnlySpan<T> x, int ld, bool trans, int i, int p) => trans ? x[i * ld + p] : x[p * ld + i];

    /// <summary>C ← α·op(A)·op(B) + β·C; A, B, C given as (array, offset, leading dimension), op(A) is m×k, op(B) is k×n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int m, int n, int k, T alpha, T[] a, int aOffset, int lda, bool transA,
        T[] b, int bOffset, int ldb, bool transB, T beta, T[] c, int cOffset, int ldc)
    {
        if (m == 0 || n == 0) return;
        ReadOnlySpan<T> aSpan = a.AsSpan(aOffset), bSpan = b.AsSpan(bOffset);
        long work = (long)m * n * k;
        bool small = (!transA && (n < NR || work <= 4096 || m < 2)) || (transA && !transB && (n < NR || work <= 4096)) || work <= 4096 || m < 2;
        // The blocked kernel overwrites C when β = 0 (its first pass over k stores instead of adding), so only
        // the other paths need C scaled (cleared) first.
        bool overwrite = beta == T.Zero && !small && k > 0 && alpha != T.Zero;
        if (!overwrite) ScaleC(m, n, beta, c.AsSpan(cOffset), ldc);
        if (k == 0 || alpha == T.Zero) return;

        if (m == 1 && !transB && (transA || lda == 1))
        {
            // A row vector times B: one dot product per column of B (both contiguous).
            RowTimesMatrix(n, k, alpha, aSpan, bSpan, ldb, c.AsSpan(cOffset), ldc);
            return;
        }
        if (!transA && (n < NR || work <= 4096 || m < 2))
        {
            MatrixTimesFewColumns(m, n, k, alpha, aSpan, lda, bSpan, ldb, transB, c.AsSpan(cOffset), ldc);
            return;
        }
        if (transA && !transB && (n < NR || work <= 4096))
        {
            ColumnDots(m, n, k, alpha, aSpan, lda, bSpan, ldb, c.AsSpan(cOffset), ldc);
            return;
        }
        if (work <= 4096 || m < 2)
        {
            Naive(m, n, k, alpha, aSpan, lda, transA, bSpan, ldb, transB, c.AsSpan(cOffset), ldc);
            return;
        }

        int threads = work >= ParallelThreshold ? Math.Min(Kernels.MaxDegreeOfParallelism, (n + NR - 1) / NR) : 1;
        if (threads <= 1)
        {
            Blocked(m, 0, n, k, alpha, aSpan, lda, transA, bSpan, ldb, transB, c.AsSpan(cOffset), ldc, overwrite);
            return;
        }

        InParallel(threads, m, n, k, alpha, a, aOffset, lda, transA, b, bOffset, ldb, transB, c, cOffset, ldc, overwrite);
    }

    /// <summary>
    /// Splits C's columns into one chunk per core (rounded to NR so tiles stay full); chunks never share a column.
    /// A separate method so that the single-threaded path allocates no closure.
    /// </summary>
    private static void InParallel(int threads, int m, int n, int k, T alpha, T[] a, int aOffset, int lda, bool transA,
        T[] b, int bOffset, int ldb, bool transB, T[] c, int cOffset, int ldc, bool overwrite)
    {
        int per = ((n + threads - 1) / threads + NR - 1) / NR * NR;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int j0 = t * per;
            int j1 = Math.Min(n, j0 + per);
            if (j0 < j1)
                Blocked(m, j0, j1, k, alpha, a.AsSpan(aOffset), lda, transA, b.AsSpan(bOffset), ldb, transB, c.AsSpan(cOffset), ldc, overwrite);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleC(int m, int n, T beta, Span<T> c, int ldc)
    {
        if (beta == T.One) return;
        for (int j = 0; j < n; j++)
        {
            var col = c.Slice(j * ldc, m);
            if (beta == T.Zero) col.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(col, beta, col);
        }
    }

    /// <summary>Reference triple loop, also used for tiny products where packing does not pay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Naive(int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, bool transA,
        ReadOnlySpan<T> b, int ldb, bool transB, Span<T> c, int ldc)
    {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += At(a, lda, transA, i, p) * At(b, ldb, transB, p, j);
                c[j * ldc + i] += alpha * s;
            }
    }

    /// <summary>C(0, j) += α·a·B[:, j] for a 1×k op(A) stored contiguously and op(B) = B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTimesMatrix(int n, int k, T alpha, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
    {
        var row = a[..k];
        for (int j = 0; j < n; j++)
            c[j * ldc] += alpha * System.Numerics.Tensors.TensorPrimitives.Dot<T>(row, b.Slice(j * ldb, k));
    }

    /// <summary>C(i, j) += α·A[:, i]ᵀB[:, j] for op(A) = Aᵀ, op(B) = B: dot products of contiguous columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnDots(int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
    {
        for (int j = 0; j < n; j++)
        {
            var bj = b.Slice(j * ldb, k);
            var cj = c.Slice(j * ldc, m);
            for (int i = 0; i < m; i++)
                cj[i] += alpha * System.Numerics.Tensors.TensorPrimitives.Dot<T>(a.Slice(i * lda, k), bj);
        }
    }

    /// <summary>
    /// C[:, j] += α Σ_p A[:, p]·op(B)[p, j] for a few columns (matrix × vector): four columns of A are combined per
    /// pass over C[:, j], so each vector of C is loaded and stored once per four fused multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatrixTimesFewColumns(int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, bool transB, Span<T> c, int ldc)
    {
        int vl = VL;
        ref T ar = ref MemoryMarshal.GetReference(a);
        for (int j = 0; j < n; j++)
        {
            ref T cr = ref MemoryMarshal.GetReference(c.Slice(j * ldc, m));
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                T s0 = alpha * At(b, ldb, transB, p, j), s1 = alpha * At(b, ldb, transB, p + 1, j);
                T s2 = alpha * At(b, ldb, transB, p + 2, j), s3 = alpha * At(b, ldb, transB, p + 3, j);
                Vector<T> v0 = new(s0), v1 = new(s1), v2 = new(s2), v3 = new(s3);
                ref T a0 = ref Unsafe.Add(ref ar, p * lda);
                ref T a1 = ref Unsafe.Add(ref a0, lda);
                ref T a2 = ref Unsafe.Add(ref a1, lda);
                ref T a3 = ref Unsafe.Add(ref a2, lda);
                int i = 0;
                for (; i + vl <= m; i += vl)
                {
                    var acc = Vector.LoadUnsafe(ref cr, (nuint)i);
                    acc = Fma(Vector.LoadUnsafe(ref a0, (nuint)i), v0, acc);
                    acc = Fma(Vector.LoadUnsafe(ref a1, (nuint)i), v1, acc);
                    acc = Fma(Vector.LoadUnsafe(ref a2, (nuint)i), v2, acc);
                    acc = Fma(Vector.LoadUnsafe(ref a3, (nuint)i), v3, acc);
                    acc.StoreUnsafe(ref cr, (nuint)i);
                }
                for (; i < m; i++)
                {
                    T acc = Unsafe.Add(ref cr, i);
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref a0, i), s0, acc);
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref a1, i), s1, acc);
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref a2, i), s2, acc);
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref a3, i), s3, acc);
                    Unsafe.Add(ref cr, i) = acc;
                }
            }
            for (; p < k; p++)
            {
                T s = alpha * At(b, ldb, transB, p, j);
                var cj = c.Slice(j * ldc, m);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.Slice(p * lda, m), s, cj, cj);
            }
        }
    }

    /// <summary>
    /// The cache-blocked product for columns [j0, j1) of C, on the calling thread. Blocks of op(A) are packed,
    /// except when A is not transposed and small enough to stay in cache (<see cref="UnpackedALimit"/>): then the
    /// micro-kernel reads its full MR-row panels in place (column p of the panel is A[i:i+MR, p]) and only a last,
    /// partial panel of rows is packed — the weight matrices of small models times a few tokens, where packing A
    /// would cost as much as the product. Either way every element of C sees the same operations in the same order,
    /// so the results are bit-identical. op(B) is read in place when each of its tiles is used by a single block of
    /// rows (m ≤ MC) and its stride does not alias in the L1 cache (not a multiple of 4 KiB); otherwise the KC×NC
    /// block is packed once and reused by every row block. A last, partial tile of columns is always packed with
    /// zero padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(int m, int j0, int j1, int k, T alpha, ReadOnlySpan<T> a, int lda, bool transA,
        ReadOnlySpan<T> b, int ldb, bool transB, Span<T> c, int ldc, bool overwrite)
    {
        int mr = MR;
        // Element (p, j) of op(B) is at b[p * strideP + j * strideJ].
        int strideP = transB ? ldb : 1, strideJ = transB ? 1 : ldb;
        bool packB = m > MC || (long)ldb * Unsafe.SizeOf<T>() % 4096 == 0;
        bool inPlaceA = !transA && (long)m * k * Unsafe.SizeOf<T>() <= UnpackedALimit;
        var aPack = ArrayPool<T>.Shared.Rent(MC * KC + mr);
        var bPack = ArrayPool<T>.Shared.Rent(packB ? (NC + NR) * KC : KC * NR);
        try
        {
            for (int jc = j0; jc < j1; jc += NC)
            {
                int nc = Math.Min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    if (packB)
                        for (int jr = 0; jr < nc; jr += NR)
                            PackB(b, strideP, strideJ, pc, kc, jc + jr, Math.Min(NR, nc - jr), bPack.AsSpan(jr * kc, NR * kc));
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        // Rows [ic, ic + full) come from A in place; the rest from packed panels.
                        int full = inPlaceA ? mc / mr * mr : 0;
                        if (full < mc) PackA(a, lda, transA, ic + full, mc - full, pc, kc, aPack);
                        for (int jr = 0; jr < nc; jr += NR)
                        {
                            int nr = Math.Min(NR, nc - jr);
                            ReadOnlySpan<T> bTile;
                            int sp = NR, sj = 1;
                            if (packB) bTile = bPack.AsSpan(jr * kc, NR * kc);
                            else if (nr == NR)
                            {
                                bTile = b[(pc * strideP + (jc + jr) * strideJ)..];
                                sp = strideP; sj = strideJ;
                            }
                            else
                            {
                                PackB(b, strideP, strideJ, pc, kc, jc + jr, nr, bPack.AsSpan(0, NR * kc));
                                bTile = bPack.AsSpan(0, NR * kc);
                            }
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int rows = Math.Min(mr, mc - ir);
                                var cTile = c.Slice((jc + jr) * ldc + ic + ir);
                                bool store = overwrite && pc == 0;
                                if (ir < full)
                                    MicroKernel(kc, a[(pc * lda + ic + ir)..], lda, bTile, sp, sj, alpha, cTile, ldc, rows, nr, store);
                                else
                                    MicroKernel(kc, aPack.AsSpan((ir - full) * kc), mr, bTile, sp, sj, alpha, cTile, ldc, rows, nr, store);
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(aPack);
            ArrayPool<T>.Shared.Return(bPack);
        }
    }

    /// <summary>Copies op(B)[pc:pc+kc, j:j+cols] (cols ≤ NR) into an NR-wide, p-major panel, zero-padding missing columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(ReadOnlySpan<T> b, int strideP, int strideJ, int pc, int kc, int j, int cols, Span<T> panel)
    {
        if (cols < NR) panel.Clear();
        if (strideP == 1)
        {
            // Columns of B are contiguous: stream each one into every NR-th slot.
            for (int cc = 0; cc < cols; cc++)
            {
                var src = b.Slice((j + cc) * strideJ + pc, kc);
                ref T dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(panel), cc);
                for (int p = 0; p < kc; p++) Unsafe.Add(ref dst, p * NR) = src[p];
            }
        }
        else
        {
            // op(B) = Bᵀ: for fixed p the values are contiguous.
            for (int p = 0; p < kc; p++)
                b.Slice((pc + p) * strideP + j, cols).CopyTo(panel.Slice(p * NR, cols));
        }
    }

    /// <summary>Packs op(A)[ic:ic+mc, pc:pc+kc] into MR-row panels, each stored p-major (MR values per p), zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(ReadOnlySpan<T> a, int lda, bool transA, int ic, int mc, int pc, int kc, T[] pack)
    {
        int mr = MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            var panel = pack.AsSpan(ir * kc, mr * kc);
            if (!transA)
            {
                for (int p = 0; p < kc; p++)
                {
                    var src = a.Slice((pc + p) * lda + ic + ir, rows);
                    var dst = panel.Slice(p * mr, mr);
                    src.CopyTo(dst);
                    if (rows < mr) dst.Slice(rows).Clear();
                }
            }
            else
            {
                // op(A)(i, p) = A(p, i): row i of op(A) is column i of A (contiguous over p).
                if (rows < mr) panel.Clear();
                for (int r = 0; r < rows; r++)
                {
                    var src = a.Slice((ic + ir + r) * lda + pc, kc);
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = src[p];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma(Vector<T> x, Vector<T> y, Vector<T> acc)
    {
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        return x * y + acc;
    }

    /// <summary>
    /// C[0:rows, 0:cols] += α·(A panel)·(B panel) over kc steps with 2·NR vector accumulators; step p of the A panel
    /// is the MR values at <c>p·sa</c> (sa = MR for a packed panel, the leading dimension of A in place). With
    /// <paramref name="store"/> C ← α·(A panel)·(B panel) instead (C's old values are neither read nor kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int kc, ReadOnlySpan<T> aPanel, int sa, ReadOnlySpan<T> bTile, int sp, int sj, T alpha,
        Span<T> c, int ldc, int rows, int cols, bool store)
    {
        int vl = VL;
        int mr = MR;
        Vector<T> c00 = default, c10 = default, c01 = default, c11 = default, c02 = default, c12 = default;
        Vector<T> c03 = default, c13 = default, c04 = default, c14 = default, c05 = default, c15 = default;
        ref T ap = ref MemoryMarshal.GetReference(aPanel);
        ref T bp = ref MemoryMarshal.GetReference(bTile);
        int sj2 = 2 * sj, sj3 = 3 * sj, sj4 = 4 * sj, sj5 = 5 * sj;
        for (int p = 0; p < kc; p++)
        {
            var a0 = Vector.LoadUnsafe(ref ap, (nuint)(p * sa));
            var a1 = Vector.LoadUnsafe(ref ap, (nuint)(p * sa + vl));
            ref T bq = ref Unsafe.Add(ref bp, p * sp);
            var b = new Vector<T>(bq);
            c00 = Fma(a0, b, c00); c10 = Fma(a1, b, c10);
            b = new Vector<T>(Unsafe.Add(ref bq, sj));
            c01 = Fma(a0, b, c01); c11 = Fma(a1, b, c11);
            b = new Vector<T>(Unsafe.Add(ref bq, sj2));
            c02 = Fma(a0, b, c02); c12 = Fma(a1, b, c12);
            b = new Vector<T>(Unsafe.Add(ref bq, sj3));
            c03 = Fma(a0, b, c03); c13 = Fma(a1, b, c13);
            b = new Vector<T>(Unsafe.Add(ref bq, sj4));
            c04 = Fma(a0, b, c04); c14 = Fma(a1, b, c14);
            b = new Vector<T>(Unsafe.Add(ref bq, sj5));
            c05 = Fma(a0, b, c05); c15 = Fma(a1, b, c15);
        }

        var al = new Vector<T>(alpha);
        ref T cr = ref MemoryMarshal.GetReference(c);
        if (rows == mr && cols == NR)
        {
            Store(ref cr, 0, vl, al, c00, c10, store);
            Store(ref cr, ldc, vl, al, c01, c11, store);
            Store(ref cr, 2 * ldc, vl, al, c02, c12, store);
            Store(ref cr, 3 * ldc, vl, al, c03, c13, store);
            Store(ref cr, 4 * ldc, vl, al, c04, c14, store);
            Store(ref cr, 5 * ldc, vl, al, c05, c15, store);
            return;
        }
        // A partial tile: only rows × cols of it exist in C. Same arithmetic as the vector path.
        StoreEdge(ref cr, 0, rows, alpha, c00, c10, store);
        if (cols > 1) StoreEdge(ref cr, ldc, rows, alpha, c01, c11, store);
        if (cols > 2) StoreEdge(ref cr, 2 * ldc, rows, alpha, c02, c12, store);
        if (cols > 3) StoreEdge(ref cr, 3 * ldc, rows, alpha, c03, c13, store);
        if (cols > 4) StoreEdge(ref cr, 4 * ldc, rows, alpha, c04, c14, store);
        if (cols > 5) StoreEdge(ref cr, 5 * ldc, rows, alpha, c05, c15, store);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreEdge(ref T c, int offset, int rows, T alpha, Vector<T> lo, Vector<T> hi, bool store)
    {
        ref T col = ref Unsafe.Add(ref c, offset);
        int vl = VL;
        for (int i = 0; i < rows; i++)
        {
            T v = i < vl ? lo[i] : hi[i - vl];
            Unsafe.Add(ref col, i) = store ? alpha * v : T.FusedMultiplyAdd(alpha, v, Unsafe.Add(ref col, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref T c, int offset, int vl, Vector<T> alpha, Vector<T> lo, Vector<T> hi, bool store)
    {
        ref T col = ref Unsafe.Add(ref c, offset);
        if (store)
        {
            (alpha * lo).StoreUnsafe(ref col);
            (alpha * hi).StoreUnsafe(ref col, (nuint)vl);
            return;
        }
        var x0 = Vector.LoadUnsafe(ref col);
        var x1 = Vector.LoadUnsafe(ref col, (nuint)vl);
        Fma(alpha, lo, x0).StoreUnsafe(ref col);
        Fma(alpha, hi, x1).StoreUnsafe(ref col, (nuint)vl);
    }
}
