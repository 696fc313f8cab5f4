using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Craft;

/// <summary>Row-major views of two-dimensional arrays (<c>double[,]</c> weight matrices, <c>bool[,]</c> truth
/// tables), so scans and copies run over contiguous memory without per-element bounds checks on two indices.</summary>
public static class Dense
{
    /// <summary>All elements of <paramref name="m"/>, row after row (element (i, j) at i·columns + j).</summary>
    public static Span<T> Flat<T>(T[,] m) where T : unmanaged =>
        m.Length == 0 ? Span<T>.Empty
            : MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(m)), m.Length);

    /// <summary>Row <paramref name="i"/> of <paramref name="m"/>.</summary>
    public static Span<T> Row<T>(T[,] m, int i) where T : unmanaged => Flat(m).Slice(i * m.GetLength(1), m.GetLength(1));

    /// <summary>Number of non-zero elements.</summary>
    public static long NonZeroCount(double[,] m)
    {
        long n = 0;
        foreach (var x in Flat(m)) if (x != 0) n++;
        return n;
    }
}
