using Glassbox.Lens;

namespace Glassbox.Cli.Commands;

/// <summary>The induction experiment's training curve as a PNG (ScottPlot): loss on the left axis, the largest head induction score on the right.</summary>
internal static class TrainingCurvePlot
{
    /// <summary>Writes the plot atomically (temporary file in the same folder, then rename).</summary>
    public static void Write(InductionResult result, string path)
    {
        var plot = new ScottPlot.Plot();
        var loss = plot.Add.Scatter(result.Curve.Select(p => (double)p.Step).ToArray(), result.Curve.Select(p => p.Loss).ToArray());
        loss.LegendText = "training loss";
        loss.MarkerSize = 0;
        var scored = result.Curve.Where(p => p.MaxInductionScore is not null).ToList();
        if (scored.Count > 0)
        {
            var score = plot.Add.Scatter(scored.Select(p => (double)p.Step).ToArray(), scored.Select(p => p.MaxInductionScore!.Value).ToArray());
            score.LegendText = "max induction score";
            score.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "max induction score";
        }
        plot.Title($"{result.Settings.Layers}-layer attention-only transformer, seed {result.Settings.Seed}");
        plot.XLabel("step");
        plot.YLabel("loss (nats per token)");
        plot.ShowLegend();
        AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 500));
    }
}
