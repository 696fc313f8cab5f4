namespace Glassbox.Tensors.Benchmarks;

/// <summary>
/// One measured figure: <see cref="Value"/> in <see cref="Unit"/>, the baseline it is compared with (measured in
/// the same run), and <see cref="Ratio"/> = value / baseline value.
/// </summary>
public sealed record Figure(string Name, double Value, string Unit, string Baseline, double BaselineValue)
{
    /// <summary>Value divided by the baseline's value.</summary>
    public double Ratio => Value / BaselineValue;
}

/// <summary>The engine's kernel benchmarks in one call (used by bench/Glassbox.Bench and available to the CLI).</summary>
public static class EngineBenchmarks
{
    /// <summary>
    /// Matrix products at the given sides (vs the naive loop and the SIMD peak), optionally the transformer-shaped
    /// products and the column-wise kernels. <paramref name="quick"/> shortens every measurement.
    /// </summary>
    public static List<Figure> Run(int[] sizes, bool quick, bool shapes = true, bool columns = true)
    {
        var figures = MatMulFigures.Measure(sizes, quick);
        if (shapes) figures.AddRange(ShapeFigures.Measure(quick));
        if (columns) figures.AddRange(ColumnFigures.Measure(quick));
        return figures;
    }
}
