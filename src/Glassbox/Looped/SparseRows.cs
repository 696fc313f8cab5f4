using System.Numerics;

namespace Glassbox.Looped;

/// <summary>
/// A weight matrix in compressed sparse rows: row r's nonzeros are <c>Cols/Values[Start[r] … Start[r+1])</c>. The
/// looped computer's matrices are more than 95 % zeros, so the sparse path multiplies only the nonzeros.
/// </summary>
internal sealed class SparseRows<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[] _start;
    private readonly int[] _cols;
    private readonly T[] _values;

    /// <summary>The nonzeros of <paramref name="m"/>, row by row.</summary>
    public SparseRows(WeightMatrix m)
    {
        Count = m.Rows;
        _start = new int[m.Rows + 1];
        var cols = new List<int>();
        var values = new List<T>();
        for (var r = 0; r < m.Rows; r++)
        {
            foreach (var (c, w) in m.Row(r)) { cols.Add(c); values.Add(T.CreateChecked(w)); }
            _start[r + 1] = cols.Count;
        }
        _cols = [.. cols];
        _values = [.. values];
    }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Whether row <paramref name="row"/> has no nonzero.</summary>
    public bool Empty(int row) => _start[row] == _start[row + 1];

    /// <summary>Row <paramref name="row"/> times the vector <paramref name="x"/>.</summary>
    public T Dot(int row, ReadOnlySpan<T> x)
    {
        var sum = T.Zero;
        for (int k = _start[row], end = _start[row + 1]; k < end; k++) sum += _values[k] * x[_cols[k]];
        return sum;
    }

    /// <summary>The matrix times <paramref name="x"/> into <paramref name="y"/> (one entry per row).</summary>
    public void Multiply(ReadOnlySpan<T> x, Span<T> y)
    {
        for (var r = 0; r < Count; r++) y[r] = Dot(r, x);
    }

    /// <summary>The transpose of the matrix as compressed sparse rows (row u lists where column u's nonzeros sit).</summary>
    public (int[] Start, int[] Rows, T[] Values) Transposed(int columns)
    {
        var start = new int[columns + 1];
        foreach (var c in _cols) start[c + 1]++;
        for (var c = 0; c < columns; c++) start[c + 1] += start[c];
        var fill = start[..^1].ToArray();
        var rows = new int[_cols.Length];
        var values = new T[_cols.Length];
        for (var r = 0; r < Count; r++)
            for (int k = _start[r], end = _start[r + 1]; k < end; k++)
            {
                var at = fill[_cols[k]]++;
                rows[at] = r;
                values[at] = _values[k];
            }
        return (start, rows, values);
    }
}
