using System.Text;
using Glassbox.Lens;

namespace Glassbox.Views;

using Glassbox.Rasp;

/// <summary>
/// The residual stream of a compiled model, stage by stage: a heatmap of positions × named directions
/// (<c>name:value</c> or <c>name</c>, coloured by the layer that writes them), and under it every s-op's values
/// decoded from its directions beside the evaluator's.
/// </summary>
public static class ResidualView
{
    /// <summary>
    /// All stages as panels <c>&lt;div class="stage" data-stage="i"&gt;</c> behind stage tabs (the page script shows one at
    /// a time; without script all are shown). The last stage is selected first.
    /// </summary>
    public static string Render(CompiledRun run)
    {
        var sb = new StringBuilder();
        var magnitude = Math.Max(1, run.Residual.Max(s => MaxAbs(s.Values)));
        var scale = ColorScale.Diverging(magnitude);
        var labelColors = run.Model.ResidualLabels.Select((_, i) => Palette.Layer(run.LayerOfDirection(i))).ToList();
        sb.Append("<div class=\"stages\">");
        sb.Append("<div class=\"stage-tabs\" role=\"tablist\">");
        for (var i = 0; i < run.Residual.Count; i++)
        {
            var last = i == run.Residual.Count - 1;
            sb.Append($"<button type=\"button\" role=\"tab\" data-stage=\"{i}\" aria-selected=\"{(last ? "true" : "false")}\">{Html.Escape(run.Residual[i].Stage.Description)}</button>");
        }
        sb.Append("</div>");
        for (var i = 0; i < run.Residual.Count; i++)
        {
            var snap = run.Residual[i];
            sb.Append($"<div class=\"stage\" data-stage=\"{i}\" role=\"tabpanel\"><h4>{Html.Escape(snap.Stage.Description)} <code>{Html.Escape(snap.Stage.Hook)}</code></h4>");
            var map = new Heatmap($"Residual stream after {snap.Stage.Description}", "position", "residual direction",
                run.Positions, run.Model.ResidualLabels, snap.Values, scale)
            {
                CellText = CellText(snap.Values),
                ColumnLabelColors = labelColors,
                TooltipOnZero = false,
                Attributes = $"data-stage=\"{i}\"",
            };
            sb.Append("<div class=\"scroll\">").Append(map.ToSvg()).Append("</div>");
            sb.Append(DecodedTable(run, snap.Stage.Index));
            sb.Append("</div>");
        }
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>The s-ops present at stage <paramref name="stage"/>, decoded per position (mismatches with the evaluator marked).</summary>
    public static string DecodedTable(CompiledRun run, int stage)
    {
        var readings = run.Decoding.Readings.Where(r => r.Stage == stage).ToList();
        var sb = new StringBuilder("<table class=\"decoded\"><caption>Values decoded from the residual stream");
        sb.Append(run.Trace is null ? "" : " (evaluator's value shown where it differs)").Append("</caption><thead><tr><th scope=\"col\">s-op</th>");
        for (var p = 0; p < run.Input.Count; p++) sb.Append($"<th scope=\"col\">{Html.Escape(run.Positions[p + 1])}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in readings)
        {
            var color = Palette.Layer(run.LayerOfSop(r.Sop));
            sb.Append($"<tr class=\"{(r.Matches ? "" : "mismatch")}\"><th scope=\"row\"><span class=\"dot\" style=\"background:{color}\"></span>{Html.Escape(r.Sop)}</th>");
            for (var p = 0; p < r.Decoded.Count; p++)
            {
                var decoded = Show(r.Decoded[p]);
                var expected = r.Expected is null ? null : Show(r.Expected[p]);
                var sop = run.Sops.First(s => s.Label == r.Sop);
                var agrees = r.Expected is null || ResidualDecoder.Agrees(sop, r.Decoded[p], r.Expected[p]);
                sb.Append(agrees ? $"<td>{Html.Escape(decoded)}</td>" : $"<td class=\"bad\">{Html.Escape(decoded)} <small>≠ {Html.Escape(expected)}</small></td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    /// <summary>A value as the views print it: None as ∅, floats to three decimals.</summary>
    public static string Show(Value v) => v.IsNone ? "∅" : v.Kind == ValueKind.Float ? Html.Short(v.AsDouble()) : v.ToString();

    private static double MaxAbs(double[,] m)
    {
        double max = 0;
        foreach (var x in m) max = Math.Max(max, Math.Abs(x));
        return max;
    }

    private static string[,] CellText(double[,] m)
    {
        var t = new string[m.GetLength(0), m.GetLength(1)];
        for (var r = 0; r < m.GetLength(0); r++)
            for (var c = 0; c < m.GetLength(1); c++)
                t[r, c] = Math.Abs(m[r, c]) < 1e-6 ? "" : Html.Short(m[r, c]);
        return t;
    }
}
