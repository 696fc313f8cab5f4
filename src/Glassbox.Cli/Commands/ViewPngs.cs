using Glassbox.Views;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox view --png DIR</c>: the view's heatmaps as PNG files (ScottPlot): attention per head (queries down,
/// keys across) and, for compiled models, the residual stream per stage (positions down, named directions across).
/// Row 0 is at the top, both axes carry tick labels and a title, and every file is written atomically.
/// </summary>
internal static class ViewPngs
{
    /// <summary>Writes the compiled run's heatmaps; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(CompiledRun run, string dir)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        foreach (var h in run.Heads) written.Add(Attention(h, run.Title, dir));
        var magnitude = Math.Max(1, run.Residual.Max(s => s.Values.Cast<double>().Max(Math.Abs)));
        for (var i = 0; i < run.Residual.Count; i++)
        {
            var snap = run.Residual[i];
            var path = Path.Combine(dir, $"residual-{i}-{Html.Id(snap.Stage.Description)}.png");
            Save(path, $"{run.Title}: residual stream after {snap.Stage.Description}", "residual direction", "position",
                snap.Values, run.Model.ResidualLabels, run.Positions, new ScottPlot.Colormaps.Custom(Diverging), -magnitude, magnitude);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Writes the trained run's attention heatmaps; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(TrainedRun run, string dir)
    {
        Directory.CreateDirectory(dir);
        return run.Heads.Select(h => Attention(h, run.Title, dir)).ToList();
    }

    // The same colour stops as the HTML views.
    private static readonly ScottPlot.Color[] Diverging = Colors(ColorScale.Diverging(1));
    private static readonly ScottPlot.Color[] Sequential = Colors(ColorScale.Attention);

    private static ScottPlot.Color[] Colors(ColorScale scale) => scale.Stops.Select(s => new ScottPlot.Color(s.R, s.G, s.B)).ToArray();

    private static string Attention(HeadPattern h, string title, string dir)
    {
        var group = h.Group.Length == 0 ? "" : h.Group + "-";
        var path = Path.Combine(dir, $"attention-{group}L{h.Layer}-H{h.Head}.png");
        Save(path, $"{title}: layer {h.Layer} head {h.Head} ({h.Name})", "key (attends to)", "query (attends from)",
            h.Pattern, h.KeyLabels, h.QueryLabels, new ScottPlot.Colormaps.Custom(Sequential), 0, 1);
        return path;
    }

    /// <summary>One heatmap: values[row, column] with row 0 at the top, labelled ticks on both axes, a colour bar.</summary>
    internal static void Save(string path, string title, string xLabel, string yLabel, double[,] values,
        IReadOnlyList<string> columns, IReadOnlyList<string> rows, ScottPlot.IColormap colormap, double min, double max)
    {
        int nRows = values.GetLength(0), nCols = values.GetLength(1);
        var plot = new ScottPlot.Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = colormap;
        map.ManualRange = new ScottPlot.Range(min, max);
        // Cell (r, c) is centred on x = c, y = nRows − 1 − r: the first row of the data is drawn at the top.
        map.Rectangle = new ScottPlot.CoordinateRect(-0.5, nCols - 0.5, -0.5, nRows - 0.5);
        plot.Add.ColorBar(map);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, nCols).Select(c => (double)c).ToArray(), columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, nRows).Select(r => (double)(nRows - 1 - r)).ToArray(), rows.ToArray());
        var longest = columns.Select(c => c.Length).DefaultIfEmpty(0).Max();
        if (longest > 3)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 60;
            plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = Math.Min(longest, 24) * 7 + 30;
        }
        plot.Axes.SetLimits(-0.5, nCols - 0.5, -0.5, nRows - 0.5);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        int width = Math.Clamp(220 + nCols * 30, 520, 2400), height = Math.Clamp(200 + nRows * 30 + (longest > 3 ? Math.Min(longest, 24) * 7 : 0), 420, 2000);
        AtomicFile.Write(path, temp => plot.SavePng(temp, width, height));
    }
}
