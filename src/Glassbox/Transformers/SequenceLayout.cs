namespace Glassbox.Transformers;

/// <summary>
/// How a batch of sequences is packed side by side into one d×T residual matrix: sequence s occupies the columns
/// <c>Starts[s] … Starts[s] + Lengths[s] − 1</c>. Attention never looks across sequences; every other operation
/// works on the whole matrix at once.
/// </summary>
public sealed class SequenceLayout
{
    /// <summary>Packs sequences of the given lengths in order.</summary>
    public SequenceLayout(IReadOnlyList<int> lengths)
    {
        Lengths = lengths.ToArray();
        Starts = new int[Lengths.Length];
        int t = 0;
        for (int s = 0; s < Lengths.Length; s++)
        {
            if (Lengths[s] < 0) throw new ArgumentException("sequence lengths must be ≥ 0");
            Starts[s] = t;
            t += Lengths[s];
            MaxLength = Math.Max(MaxLength, Lengths[s]);
        }
        TotalLength = t;
    }

    /// <summary>One sequence of length <paramref name="length"/>.</summary>
    public static SequenceLayout Single(int length) => new([length]);

    /// <summary>First column of each sequence.</summary>
    public int[] Starts { get; }

    /// <summary>Length of each sequence.</summary>
    public int[] Lengths { get; }

    /// <summary>Number of sequences.</summary>
    public int Count => Lengths.Length;

    /// <summary>T: the total number of columns.</summary>
    public int TotalLength { get; }

    /// <summary>The longest sequence.</summary>
    public int MaxLength { get; }

    /// <summary>Position (0-based) of column <paramref name="column"/> within its sequence, for every column.</summary>
    public int[] Positions()
    {
        var p = new int[TotalLength];
        for (int s = 0; s < Count; s++)
            for (int i = 0; i < Lengths[s]; i++) p[Starts[s] + i] = i;
        return p;
    }
}
