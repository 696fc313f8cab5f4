namespace Glassbox.Craft;

/// <summary>
/// Collects sparse weights between named directions and turns them into a <see cref="LinearMap"/> whose spaces
/// list the directions in first-use order (or as declared first).
/// </summary>
public sealed class WeightBuilder
{
    private readonly List<BasisDirection> rows = new();
    private readonly List<BasisDirection> cols = new();
    private readonly HashSet<BasisDirection> rowSet = new();
    private readonly HashSet<BasisDirection> colSet = new();
    private readonly Dictionary<(BasisDirection, BasisDirection), double> weights = new();

    /// <summary>Declares a row direction (output of a map, query of a form) even if it gets no weight.</summary>
    public WeightBuilder Row(BasisDirection d)
    {
        if (rowSet.Add(d)) rows.Add(d);
        return this;
    }

    /// <summary>Declares a column direction (input of a map, key of a form) even if it gets no weight.</summary>
    public WeightBuilder Column(BasisDirection d)
    {
        if (colSet.Add(d)) cols.Add(d);
        return this;
    }

    /// <summary>Adds <paramref name="w"/> to the weight at (row, column); zero weights still declare both directions.</summary>
    public WeightBuilder Add(BasisDirection row, BasisDirection column, double w)
    {
        Row(row);
        Column(column);
        weights[(row, column)] = weights.GetValueOrDefault((row, column)) + w;
        return this;
    }

    /// <summary>A map whose inputs are the columns and outputs the rows (<c>y = W x</c>).</summary>
    public LinearMap ToLinearMap() => ToLinearMap(new VectorSpace(cols), new VectorSpace(rows));

    /// <summary>A map with fixed input and output spaces (weights outside them are an error).</summary>
    public LinearMap ToLinearMap(VectorSpace input, VectorSpace output)
    {
        var entries = new List<(int, int, double)>(weights.Count);
        foreach (var ((row, col), w) in weights)
        {
            var o = output.IndexOf(row);
            var i = input.IndexOf(col);
            if (o < 0 || i < 0) throw new ArgumentException($"weight {col} → {row} lies outside the given spaces");
            entries.Add((o, i, w));
        }
        return LinearMap.FromEntries(input, output, entries);
    }
}
