using Glassbox.Benchmarks;

namespace Glassbox.Cli.Commands;

/// <summary>The plots of <c>glassbox bench --png DIR</c> (ScottPlot), written atomically.</summary>
internal static class BenchPlots
{
    /// <summary>Writes every plot the measured sections allow into <paramref name="dir"/>; returns their full paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<BenchSection> sections, string dir)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var figures = sections.SelectMany(s => s.Figures).ToList();
        if (figures.Count > 0) written.Add(Ratios(figures, Path.Combine(dir, "bench-ratios.png")));
        return written;
    }

    private static string Ratios(IReadOnlyList<Glassbox.Tensors.Benchmarks.Figure> figures, string path)
    {
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(figures.Select(f => f.Ratio).ToArray());
        bars.Horizontal = true;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, figures.Count).Select(i => (double)i).ToArray(), figures.Select(f => f.Name).ToArray());
        var one = plot.Add.VerticalLine(1);
        one.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title("glassbox bench: each figure ÷ its baseline (same run)");
        plot.XLabel("ratio");
        plot.Axes.Margins(left: 0);
        var full = Path.GetFullPath(path);
        AtomicFile.Write(full, temp => plot.SavePng(temp, 1100, 120 + 22 * figures.Count));
        return full;
    }
}
