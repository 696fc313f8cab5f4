using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Glassbox.Tensors;

/// <summary>
/// Where a matrix's non-zero entries are, column by column (compressed sparse column indices): the rows of column c's
/// non-zeros are <see cref="Column"/>(c), in ascending order; NaN counts as non-zero. Found in one vectorised pass
/// over the whole matrix, so short columns cost no more per entry than long ones. Reused between calls (the arrays
/// only grow), so steady-state inference allocates nothing; not thread-safe.
/// </summary>
public sealed class SparsePattern
{
    private int[] _starts = [0];
    private int[] _rows = new int[64];

    /// <summary>Rows of the matrix last scanned.</summary>
    public int Rows { get; private set; }

    /// <summary>Columns of the matrix last scanned.</summary>
    public int Columns { get; private set; }

    /// <summary>Non-zero entries found (all of them unless <see cref="IsDense"/>).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// True when the last scan stopped early because more than its density limit of the entries were non-zero;
    /// then <see cref="Column"/> must not be used (a dense product is the faster one anyway).
    /// </summary>
    public bool IsDense { get; private set; }

    /// <summary>Column c's entries are <see cref="Indices"/>[Starts[c] .. Starts[c + 1]) (kernels read these directly).</summary>
    internal int[] Starts => _starts;

    /// <summary>The row indices of all non-zero entries, column after column.</summary>
    internal int[] Indices => _rows;

    /// <summary>The rows of column <paramref name="c"/>'s non-zero entries.</summary>
    public ReadOnlySpan<int> Column(int c)
    {
        if (IsDense) throw new InvalidOperationException("the scan stopped early: the matrix is dense");
        if ((uint)c >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(c), $"column {c} of a matrix with {Columns} columns");
        return _rows.AsSpan(_starts[c], _starts[c + 1] - _starts[c]);
    }

    /// <summary>
    /// Scans <paramref name="x"/> and returns this pattern, now describing it. Once the columns scanned from the
    /// ninth on hold more than <paramref name="maxDensity"/> non-zeros, the scan stops: <see cref="IsDense"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SparsePattern Find<T>(Tensor<T> x, double maxDensity = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Rows, n = x.Columns;
        (Rows, Columns, IsDense) = (d, n, false);
        if (_starts.Length < n + 1) _starts = new int[n + 1];
        _starts[0] = 0;
        ReadOnlySpan<T> flat = x.Span;
        ref T start = ref MemoryMarshal.GetReference(flat);
        int lanes = Vector256<T>.Count, count = 0;
        bool vectors = Vector256.IsHardwareAccelerated && d >= lanes;
        for (int c = 0; c < n; c++)
        {
            if (c >= 8 && count > maxDensity * c * d) return Stop(count);
            if (_rows.Length < count + d) Array.Resize(ref _rows, Math.Max(2 * _rows.Length, count + d));
            int first = c * d, i = 0;
            if (vectors)
            {
                // Whole vectors of the column, then one more that ends at the column's end (its lanes before the
                // previous vector's end are masked off), so no lane is read past the matrix.
                for (; ; i += lanes)
                {
                    int at = Math.Min(i, d - lanes);
                    uint nonZero = ~Vector256.ExtractMostSignificantBits(
                        Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(first + at)), Vector256<T>.Zero));
                    nonZero &= (lanes == 32 ? uint.MaxValue : (1u << lanes) - 1) & (uint.MaxValue << (i - at));
                    while (nonZero != 0)
                    {
                        _rows[count++] = at + BitOperations.TrailingZeroCount(nonZero);
                        nonZero &= nonZero - 1;
                    }
                    if (at == d - lanes) break;
                }
            }
            else
            {
                for (; i < d; i++)
                    if (Unsafe.Add(ref start, first + i) != T.Zero) _rows[count++] = i;
            }
            _starts[c + 1] = count;
        }
        Count = count;
        return count > maxDensity * flat.Length ? Stop(count) : this;
    }

    private SparsePattern Stop(int found)
    {
        (IsDense, Count) = (true, found);
        return this;
    }
}
