using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Craft;

/// <summary>Row-major views of <c>double[,]</c> weight matrices, so scans and copies run over contiguous memory
/// without per-element bounds checks on two indices.</summary>
public static class Dense
{
    /// <summary>All elements of <paramref name="m"/>, row after row (element (i, j) at i·columns + j).</summary>
    public static Span<double> Flat(double[,] m) =>
        m.Length == 0 ? Span<double>.Empty
            : MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(m)), m.Length);

    /// <summary>Row <paramref name="i"/> of <paramref name="m"/>.</summary>
    public static Span<double> Row(double[,] m, int i) => Flat(m).Slice(i * m.GetLength(1), m.GetLength(1));

    /// <summary>Number of non-zero elements.</summary>
    public static long NonZeroCount(double[,] m)
    {
        long n = 0;
        foreach (var x in Flat(m)) if (x != 0) n++;
        return n;
    }

    /// <summary>For each column, whether it holds a non-zero element (one row-major pass).</summary>
    public static bool[] NonZeroColumns(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var seen = new bool[cols];
        for (var i = 0; i < rows; i++)
        {
            var row = Row(m, i);
            for (var j = 0; j < cols; j++) if (row[j] != 0) seen[j] = true;
        }
        return seen;
    }

    /// <summary>For each row, whether it holds a non-zero element.</summary>
    public static bool[] NonZeroRows(double[,] m)
    {
        var seen = new bool[m.GetLength(0)];
        for (var i = 0; i < seen.Length; i++) seen[i] = HasNonZero(Row(m, i));
        return seen;
    }

    private static bool HasNonZero(Span<double> row)
    {
        foreach (var x in row) if (x != 0) return true;
        return false;
    }
}
