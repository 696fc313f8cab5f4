using System.Text;

namespace Glassbox.Views;

/// <summary>Head detector scores as layer × head heatmaps, and a one-line note per head.</summary>
public static class HeadScoresView
{
    /// <summary>Heatmaps of the previous-token and (when measured) induction scores.</summary>
    public static string Render(HeadScores scores)
    {
        var sb = new StringBuilder("<div class=\"cards\">");
        sb.Append("<div class=\"card scores\" data-score=\"previous-token\"><h4>Previous-token score</h4>").Append(Map("Previous-token score", scores.PreviousToken)).Append("</div>");
        if (scores.Induction is { } induction)
            sb.Append("<div class=\"card scores\" data-score=\"induction\"><h4>Induction score</h4>").Append(Map("Induction score", induction))
              .Append($"<p class=\"note\">{scores.Sequences} random sequences of {scores.HalfLength} tokens, each repeated once.</p></div>");
        else sb.Append("<p class=\"note\">Induction scores need a self-attention model with room for a repeated sequence; not measured here.</p>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>"previous-token 0.93 · induction 0.12" for one head of the main stack, or null for other stacks.</summary>
    public static string? Note(HeadScores scores, int layer, int head)
    {
        if (layer >= scores.PreviousToken.Length || head >= scores.PreviousToken[layer].Length) return null;
        var note = $"previous-token {scores.PreviousToken[layer][head]:0.00}";
        if (scores.Induction is { } i) note += $" · induction {i[layer][head]:0.00}";
        return note;
    }

    private static string Map(string title, double[][] scores)
    {
        var heads = scores.Select(r => r.Length).DefaultIfEmpty(0).Max();
        var values = new double[scores.Length, heads];
        var text = new string[scores.Length, heads];
        for (var l = 0; l < scores.Length; l++)
            for (var h = 0; h < scores[l].Length; h++)
            {
                values[l, h] = scores[l][h];
                text[l, h] = scores[l][h].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            }
        return new Heatmap(title, "layer", "head", Enumerable.Range(0, scores.Length).Select(l => $"L{l}").ToList(),
            Enumerable.Range(0, heads).Select(h => $"H{h}").ToList(), values, ColorScale.Attention) { CellText = text, Cell = 40 }.ToSvg();
    }
}
