using Glassbox.Lens.Compression;

namespace Glassbox.Cli.Commands;

/// <summary>Accuracy of the compressed model against the compressed width d, as a PNG (ScottPlot).</summary>
internal static class CompressionPlot
{
    /// <summary>Writes the plot atomically (temporary file in the same folder, then rename).</summary>
    public static void Write(string title, int residualDim, IReadOnlyList<CompressionPoint> points, CompressionReference reference, string path)
    {
        var plot = new ScottPlot.Plot();
        var ordered = points.OrderBy(p => p.Dim).ToList();
        var line = plot.Add.Scatter(ordered.Select(p => (double)p.Dim).ToArray(), ordered.Select(p => 100 * p.Accuracy).ToArray());
        line.LegendText = $"accuracy against the {reference.Oracle}";
        line.MarkerSize = 8;
        var target = plot.Add.HorizontalLine(100 * CompressionSweep.LosslessAccuracy);
        target.LegendText = $"{CompressionSweep.LosslessAccuracy:P0}";
        target.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title($"{title}: residual stream compressed from {residualDim} to d dimensions");
        plot.XLabel("compressed residual width d");
        plot.YLabel($"accuracy on {reference.Inputs.Count} {(reference.Exhaustive ? "exhaustive" : "sampled")} inputs (%)");
        var low = ordered.Count > 0 ? ordered[0].Dim : residualDim;
        var ticks = Enumerable.Range(low, residualDim - low + 1).Select(d => (double)d).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(d => d.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(low - 0.5, residualDim + 0.5, -2, 102);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 500));
    }
}
