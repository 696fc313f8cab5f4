using Glassbox.Benchmarks;
using Glassbox.Compiler;

namespace Glassbox.Cli.Commands;

/// <summary>The plots of <c>glassbox bench --png DIR</c> (ScottPlot), written atomically.</summary>
internal static class BenchPlots
{
    /// <summary>Writes every plot the measured sections allow into <paramref name="dir"/>; returns their full paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<BenchSection> sections, string dir, bool quick)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var figures = sections.SelectMany(s => s.Figures).ToList();
        if (figures.Count > 0) written.Add(Ratios(figures, Path.Combine(dir, "bench-ratios.png")));
        if (sections.Any(s => s.Area == BenchArea.Compile))
        {
            var (vocabulary, length) = BenchSuite.CompileGrowth(quick);
            written.Add(Growth(vocabulary, p => p.Vocabulary, "vocabulary size", "max_seq_len 16", Path.Combine(dir, "compile-vs-vocab.png")));
            written.Add(Growth(length, p => p.MaxSeqLen, "max_seq_len", "vocabulary 10", Path.Combine(dir, "compile-vs-max-seq-len.png")));
        }
        return written;
    }

    /// <summary>sort's compile time (left axis) and residual width (right axis) along one sweep.</summary>
    private static string Growth(IReadOnlyList<CompileGrowthPoint> points, Func<CompileGrowthPoint, int> x, string xLabel, string fixedAt, string path)
    {
        var plot = new ScottPlot.Plot();
        var xs = points.Select(p => (double)x(p)).ToArray();
        var time = plot.Add.Scatter(xs, points.Select(p => p.CompileMs).ToArray());
        time.LegendText = "compile time (ms)";
        var width = plot.Add.Scatter(xs, points.Select(p => (double)p.ResidualDim).ToArray());
        width.LegendText = "residual width";
        width.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "residual width";
        plot.Title($"compiling sort as the {xLabel} grows ({fixedAt})");
        plot.XLabel(xLabel);
        plot.YLabel("compile time (ms, one thread's CPU time)");
        plot.ShowLegend();
        var full = Path.GetFullPath(path);
        AtomicFile.Write(full, temp => plot.SavePng(temp, 900, 500));
        return full;
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
