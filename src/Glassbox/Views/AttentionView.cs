using System.Text;

namespace Glassbox.Views;

/// <summary>
/// Attention patterns, CircuitsVis style: per head, the input tokens (hover or focus one to colour every token by
/// how much the hovered query attends to it, and to highlight its row) above the heatmap A[query, key].
/// </summary>
public static class AttentionView
{
    /// <summary>
    /// One head as an HTML card: <c>&lt;div class="attn" data-layer data-head data-pattern&gt;</c> with token chips
    /// <c>&lt;span class="tok" data-token="i"&gt;</c> and the heatmap SVG.
    /// </summary>
    /// <param name="head">The head and its pattern.</param>
    /// <param name="color">The layer's colour (the card's accent).</param>
    /// <param name="note">A line under the title (e.g. the head's detector scores), or null.</param>
    public static string Head(HeadPattern head, string color, string? note = null)
    {
        var sb = new StringBuilder();
        var title = $"{GroupTitle(head.Group, head.Layer)}, head {head.Head}";
        var id = head.Group.Length == 0 ? $"attn-{head.Layer}-{head.Head}" : $"attn-{head.Group}-{head.Layer}-{head.Head}";
        sb.Append($"<div class=\"attn card\" id=\"{id}\" data-group=\"{Html.Escape(head.Group)}\" data-layer=\"{head.Layer}\" data-head=\"{head.Head}\" style=\"--accent:{color}\" data-pattern=\"{Html.JsonMatrix(head.Pattern)}\">");
        sb.Append($"<h4><span class=\"chip\" style=\"background:{color}\">L{head.Layer} H{head.Head}</span> {Html.Escape(head.Name)}</h4>");
        if (note is not null) sb.Append($"<p class=\"note\">{Html.Escape(note)}</p>");
        sb.Append("<div class=\"tokens\" role=\"list\" aria-label=\"query tokens: hover or focus one to see what it attends to\">");
        for (var q = 0; q < head.QueryLabels.Count; q++)
            sb.Append($"<span class=\"tok\" role=\"listitem\" tabindex=\"0\" data-token=\"{q}\">{Html.Escape(head.QueryLabels[q])}</span>");
        sb.Append("</div>");
        if (!ReferenceEquals(head.KeyLabels, head.QueryLabels) && !head.KeyLabels.SequenceEqual(head.QueryLabels))
        {
            sb.Append("<div class=\"tokens keys\" aria-label=\"key tokens\">");
            for (var k = 0; k < head.KeyLabels.Count; k++) sb.Append($"<span class=\"tok key\" data-key=\"{k}\">{Html.Escape(head.KeyLabels[k])}</span>");
            sb.Append("</div>");
        }
        sb.Append("<p class=\"hint\">Hover a token: keys light up by the weight this query gives them.</p>");
        var map = new Heatmap($"{title}: attention weights", "query (attends from)", "key (attends to)",
            head.QueryLabels, head.KeyLabels, head.Pattern, ColorScale.Attention)
        {
            CellText = CellText(head.Pattern),
            Attributes = $"data-layer=\"{head.Layer}\" data-head=\"{head.Head}\"",
        };
        sb.Append(map.ToSvg());
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>All heads, grouped by layer, each layer a <c>&lt;section class="attn-layer" data-layer&gt;</c>.</summary>
    /// <param name="heads">The heads.</param>
    /// <param name="notes">A note per head (e.g. scores), or null.</param>
    public static string Layers(IReadOnlyList<HeadPattern> heads, Func<HeadPattern, string?>? notes = null)
    {
        var sb = new StringBuilder();
        foreach (var layer in heads.GroupBy(h => (h.Group, h.Layer)))
        {
            sb.Append($"<section class=\"attn-layer\" data-group=\"{Html.Escape(layer.Key.Group)}\" data-layer=\"{layer.Key.Layer}\"><h3>{Html.Escape(GroupTitle(layer.Key.Group, layer.Key.Layer))}</h3><div class=\"cards\">");
            foreach (var head in layer) sb.Append(Head(head, Palette.Layer(head.Layer), notes?.Invoke(head)));
            sb.Append("</div></section>");
        }
        if (heads.Count == 0) sb.Append("<p class=\"note\">This model has no attention heads.</p>");
        return sb.ToString();
    }

    private static string GroupTitle(string group, int layer) => group switch
    {
        "" => $"Layer {layer}",
        "encoder" => $"Encoder layer {layer}",
        "cross" => $"Layer {layer} cross-attention",
        _ => $"{group} layer {layer}",
    };

    private static string[,] CellText(double[,] p)
    {
        var t = new string[p.GetLength(0), p.GetLength(1)];
        for (var r = 0; r < p.GetLength(0); r++)
            for (var c = 0; c < p.GetLength(1); c++)
                t[r, c] = p[r, c] < 0.005 ? "" : p[r, c] > 0.995 ? "1" : p[r, c].ToString(".00", System.Globalization.CultureInfo.InvariantCulture);
        return t;
    }
}
