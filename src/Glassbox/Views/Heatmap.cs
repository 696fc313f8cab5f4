using System.Text;

namespace Glassbox.Views;

/// <summary>
/// A labelled heatmap: <see cref="Values"/>[row, column], row 0 drawn at the top. Rendered as inline SVG with both
/// axes labelled, a colour legend and a tooltip per cell; rows are <c>&lt;g class="hm-row" data-row="r"&gt;</c>
/// and cells <c>&lt;rect data-row data-col&gt;</c> so the page script (and tests) can address them.
/// </summary>
/// <param name="Title">Shown above the map (and as the SVG's accessible title).</param>
/// <param name="RowAxis">What rows are, e.g. "query position".</param>
/// <param name="ColumnAxis">What columns are, e.g. "key position".</param>
/// <param name="RowLabels">One label per row.</param>
/// <param name="ColumnLabels">One label per column.</param>
/// <param name="Values">The numbers.</param>
/// <param name="Scale">The colour scale.</param>
public sealed record Heatmap(string Title, string RowAxis, string ColumnAxis, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels, double[,] Values, ColorScale Scale)
{
    /// <summary>Text drawn inside cells (null: none); cells too small for text never get it.</summary>
    public string[,]? CellText { get; init; }

    /// <summary>Colour per column label (e.g. the layer that writes the direction); null: default ink.</summary>
    public IReadOnlyList<string>? ColumnLabelColors { get; init; }

    /// <summary>False: cells holding exactly 0 get no tooltip (keeps large, sparse maps such as the residual stream small).</summary>
    public bool TooltipOnZero { get; init; } = true;

    /// <summary>Cell edge in pixels (0: chosen from the size).</summary>
    public double Cell { get; init; }

    /// <summary>Extra attributes for the root &lt;svg&gt; (e.g. <c>data-layer="0"</c>), already escaped.</summary>
    public string Attributes { get; init; } = "";

    /// <summary>The SVG element.</summary>
    public string ToSvg()
    {
        int rows = Values.GetLength(0), cols = Values.GetLength(1);
        if (RowLabels.Count != rows || ColumnLabels.Count != cols)
            throw new ArgumentException($"heatmap '{Title}' has {rows}×{cols} values but {RowLabels.Count} row and {ColumnLabels.Count} column labels");
        var cell = Cell > 0 ? Cell : cols > 40 ? 16 : cols > 16 ? 22 : 30;
        const double charW = 6.6;
        var rowLabelW = Math.Max(24, RowLabels.Select(l => l.Length).DefaultIfEmpty(0).Max() * charW + 10);
        var colLabelLen = ColumnLabels.Select(l => l.Length).DefaultIfEmpty(0).Max();
        var rotate = colLabelLen * charW > cell - 2;
        var colLabelH = rotate ? Math.Min(colLabelLen, 28) * charW * 0.75 + 14 : 18;
        double axisW = 20, left = axisW + rowLabelW, top = 24 + colLabelH, gridW = cols * cell, gridH = rows * cell;
        const double legendW = 16, legendGap = 24, legendLabelW = 46;
        var width = left + gridW + legendGap + legendW + legendLabelW;
        var height = top + gridH + 10;
        height = Math.Max(height, top + 120);

        var sb = new StringBuilder();
        sb.Append($"<svg class=\"hm\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Html.Num(width)}\" height=\"{Html.Num(height)}\" viewBox=\"0 0 {Html.Num(width)} {Html.Num(height)}\" role=\"img\" aria-label=\"{Html.Escape(Title)}\" {Attributes}>");
        sb.Append($"<title>{Html.Escape(Title)}</title>");
        // Axis titles: columns across the top, rows rotated along the left edge.
        sb.Append($"<text class=\"axis\" x=\"{Html.Num(left + gridW / 2)}\" y=\"13\" text-anchor=\"middle\">{Html.Escape(ColumnAxis)} →</text>");
        sb.Append($"<text class=\"axis\" transform=\"translate(13 {Html.Num(top + gridH / 2)}) rotate(-90)\" text-anchor=\"middle\">← {Html.Escape(RowAxis)}</text>");
        for (var c = 0; c < cols; c++)
        {
            var x = left + c * cell + cell / 2;
            var color = ColumnLabelColors?[c] is { } col ? $" fill=\"{col}\"" : "";
            var label = Html.Escape(Clip(ColumnLabels[c], 28));
            sb.Append(rotate
                ? $"<text class=\"tick\" data-col=\"{c}\" transform=\"translate({Html.Num(x + 3)} {Html.Num(top - 5)}) rotate(-50)\"{color}>{label}</text>"
                : $"<text class=\"tick\" data-col=\"{c}\" x=\"{Html.Num(x)}\" y=\"{Html.Num(top - 6)}\" text-anchor=\"middle\"{color}>{label}</text>");
        }
        for (var r = 0; r < rows; r++)
        {
            var y = top + r * cell;
            sb.Append($"<g class=\"hm-row\" data-row=\"{r}\">");
            sb.Append($"<text class=\"tick\" x=\"{Html.Num(left - 6)}\" y=\"{Html.Num(y + cell / 2 + 4)}\" text-anchor=\"end\">{Html.Escape(Clip(RowLabels[r], 24))}</text>");
            for (var c = 0; c < cols; c++)
            {
                var v = Values[r, c];
                var fill = Scale.At(v);
                sb.Append($"<rect data-row=\"{r}\" data-col=\"{c}\" x=\"{Html.Num(left + c * cell)}\" y=\"{Html.Num(y)}\" width=\"{Html.Num(cell)}\" height=\"{Html.Num(cell)}\" fill=\"{fill}\"");
                sb.Append(v == 0 && !TooltipOnZero ? "/>" : $"><title>{Html.Escape(RowLabels[r])} · {Html.Escape(ColumnLabels[c])}: {Html.Short(v)}</title></rect>");
                if (CellText?[r, c] is { Length: > 0 } text && cell >= 22)
                    sb.Append($"<text class=\"cell\" x=\"{Html.Num(left + c * cell + cell / 2)}\" y=\"{Html.Num(y + cell / 2 + 4)}\" text-anchor=\"middle\" fill=\"{fill.TextColor}\">{Html.Escape(Clip(text, cell >= 30 ? 4 : 3))}</text>");
            }
            sb.Append("</g>");
        }
        sb.Append($"<rect class=\"frame\" x=\"{Html.Num(left)}\" y=\"{Html.Num(top)}\" width=\"{Html.Num(gridW)}\" height=\"{Html.Num(gridH)}\" fill=\"none\"/>");
        AppendLegend(sb, left + gridW + legendGap, top, legendW, Math.Max(Math.Min(gridH, 160), 100));
        sb.Append("</svg>");
        return sb.ToString();
    }

    private void AppendLegend(StringBuilder sb, double x, double y, double w, double h)
    {
        var id = "scale-" + StableHash($"{Scale.ToJson()}|{Html.Short(Scale.Min)}|{Html.Short(Scale.Max)}");
        sb.Append($"<defs><linearGradient id=\"{id}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (var i = 0; i < Scale.Stops.Count; i++)
            sb.Append($"<stop offset=\"{Html.Num(100.0 * i / (Scale.Stops.Count - 1))}%\" stop-color=\"{Scale.Stops[i]}\"/>");
        sb.Append("</linearGradient></defs>");
        sb.Append($"<g class=\"legend\"><rect x=\"{Html.Num(x)}\" y=\"{Html.Num(y)}\" width=\"{Html.Num(w)}\" height=\"{Html.Num(h)}\" fill=\"url(#{id})\" stroke=\"#9ca3af\"/>");
        var mid = (Scale.Min + Scale.Max) / 2;
        foreach (var (v, ty) in new[] { (Scale.Max, y + 4), (mid, y + h / 2 + 4), (Scale.Min, y + h + 4) })
            sb.Append($"<text class=\"tick\" x=\"{Html.Num(x + w + 4)}\" y=\"{Html.Num(ty)}\">{Html.Short(v)}</text>");
        sb.Append("</g>");
    }

    private static string StableHash(string text)
    {
        uint h = 2166136261;
        foreach (var c in text) h = (h ^ c) * 16777619;
        return h.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
