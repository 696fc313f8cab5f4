using System.Text;
using Glassbox.Compiler;

namespace Glassbox.Views;

using Glassbox.Rasp;

/// <summary>
/// The compiled program layer by layer on one input, after the RASP paper's <c>draw</c>: for each head the selector
/// matrix with query values down the left, key values across the top, the values it moves along the bottom and
/// the result (or width) on the right, plus its default; for each MLP the rows it computes, position by position.
/// </summary>
public static class LayerView
{
    /// <summary>Every layer as <c>&lt;section class="layer" data-layer&gt;</c> with head drawings and MLP tables.</summary>
    public static string Render(CompiledRun run)
    {
        var c = run.Compilation ?? throw new ArgumentException("the layer view needs the compilation (a program compiled now)");
        var sb = new StringBuilder();
        if (run.Trace is null) sb.Append("<p class=\"note\">The evaluator refuses this input, so the program's values are not shown.</p>");
        for (var l = 0; l < run.Model.LayerCount; l++)
        {
            var color = Palette.Layer(l);
            sb.Append($"<section class=\"layer\" data-layer=\"{l}\" style=\"--accent:{color}\"><h3><span class=\"chip\" style=\"background:{color}\">Layer {l}</span></h3><div class=\"layer-body\">");
            sb.Append("<div class=\"sub\"><h4>Attention</h4>");
            var heads = c.Placements.Where(p => p.SubLayer == 2 * l && p.Block is HeadBlock).ToList();
            if (heads.Count == 0) sb.Append("<p class=\"note\">No heads in this layer.</p>");
            for (var h = 0; h < heads.Count; h++) sb.Append(Head((HeadBlock)heads[h].Block, l, h, run));
            var hidden = run.Model.Layers[l].Hidden;
            sb.Append($"</div><div class=\"sub\"><h4>MLP{(hidden > 0 ? $" <small class=\"note\">({hidden} hidden units in this layer)</small>" : "")}</h4>");
            var mlps = c.Placements.Where(p => p.SubLayer == 2 * l + 1 && p.Block is MlpBlock).ToList();
            if (mlps.Count == 0) sb.Append("<p class=\"note\">No MLP in this layer.</p>");
            foreach (var p in mlps) sb.Append(Mlp((MlpBlock)p.Block, l, run));
            sb.Append("</div></div></section>");
        }
        return sb.ToString();
    }

    /// <summary>One head's card: what it selects and moves, and (given a trace) the drawing for this input.</summary>
    public static string Head(HeadBlock block, int layer, int head, CompiledRun run)
    {
        var node = block.Node;
        var (selector, moved, def) = node.Expr switch
        {
            Aggregate a => (a.Selector, (SOp?)a.Sop, (Value?)a.Default),
            SelectorWidth w => (w.Selector, null, null),
            _ => throw new ArgumentException($"head {node.Label} is neither an aggregate nor a selector width"),
        };
        var result = (SOp)node.Expr;
        var sb = new StringBuilder();
        sb.Append($"<div class=\"draw-head card\" data-layer=\"{layer}\" data-head=\"{head}\">");
        sb.Append($"<h5><span class=\"chip\" style=\"background:{Palette.Layer(layer)}\">L{layer} H{head}</span> {Html.Escape(node.Label)}</h5>");
        sb.Append("<dl class=\"facts\">");
        if (selector is Select s)
        {
            sb.Append($"<dt>keys</dt><dd>{Html.Escape(s.Keys.Label)}</dd><dt>queries</dt><dd>{Html.Escape(s.Queries.Label)}</dd>");
            sb.Append($"<dt>predicate</dt><dd><code>{Html.Escape(s.Predicate.Description)}</code></dd>");
        }
        else sb.Append($"<dt>selector</dt><dd>{Html.Escape(selector.Label)}</dd>");
        if (moved is not null) sb.Append($"<dt>values</dt><dd>{Html.Escape(moved.Label)}</dd><dt>default</dt><dd>{Html.Escape(def!.Value.Repr())}</dd>");
        else sb.Append("<dt>computes</dt><dd>selector width (keys selected per query)</dd>");
        if (block.Cleanup is not null) sb.Append("<dt>note</dt><dd>one MLP unit clears the default at BOS</dd>");
        sb.Append("</dl>");
        if (run.Trace is { } trace && trace.Contains(selector) && trace.Contains(result))
            sb.Append(Drawing(trace, selector, moved, result, layer, head));
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>
    /// The <c>draw</c> picture as SVG: a cell per (query, key), filled where the selector selects; query values left,
    /// key values top, moved values bottom, results right.
    /// </summary>
    public static string Drawing(EvaluationTrace trace, Selector selector, SOp? moved, SOp result, int layer, int head)
    {
        var m = trace.Matrix(selector);
        int n = m.GetLength(0);
        IReadOnlyList<string>? keys = null, queries = null;
        if (selector is Select s && trace.Contains(s.Keys) && trace.Contains(s.Queries))
        {
            keys = trace.Values(s.Keys).Select(ResidualView.Show).ToList();
            queries = trace.Values(s.Queries).Select(ResidualView.Show).ToList();
        }
        var values = moved is not null && trace.Contains(moved) ? trace.Values(moved).Select(ResidualView.Show).ToList() : null;
        var results = trace.Values(result).Select(ResidualView.Show).ToList();
        const double cell = 26, margin = 8;
        var leftW = 64.0;
        var top = 40.0;
        var gridW = n * cell;
        var width = margin + leftW + gridW + 80;
        var height = top + n * cell + (values is null ? 12 : 44);
        var color = Palette.Layer(layer);
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"draw\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Html.Num(width)}\" height=\"{Html.Num(height)}\" viewBox=\"0 0 {Html.Num(width)} {Html.Num(height)}\" role=\"img\" aria-label=\"selector matrix of layer {layer} head {head}\" data-layer=\"{layer}\" data-head=\"{head}\">");
        sb.Append($"<title>Layer {layer} head {head}: selector matrix (rows: queries, columns: keys)</title>");
        double gx = margin + leftW, gy = top;
        sb.Append($"<text class=\"axis\" x=\"{Html.Num(gx + gridW / 2)}\" y=\"12\" text-anchor=\"middle\">keys →</text>");
        sb.Append($"<text class=\"axis\" x=\"{Html.Num(margin + leftW - 8)}\" y=\"12\" text-anchor=\"end\">queries ↓</text>");
        sb.Append($"<text class=\"axis\" x=\"{Html.Num(gx + gridW + 10)}\" y=\"{Html.Num(top - 8)}\">result</text>");
        for (var k = 0; k < n; k++)
            sb.Append($"<text class=\"tick\" x=\"{Html.Num(gx + k * cell + cell / 2)}\" y=\"{Html.Num(top - 8)}\" text-anchor=\"middle\">{Html.Escape(keys?[k] ?? k.ToString(System.Globalization.CultureInfo.InvariantCulture))}</text>");
        for (var q = 0; q < n; q++)
        {
            var y = gy + q * cell;
            sb.Append($"<text class=\"tick\" x=\"{Html.Num(gx - 8)}\" y=\"{Html.Num(y + cell / 2 + 4)}\" text-anchor=\"end\">{Html.Escape(queries?[q] ?? q.ToString(System.Globalization.CultureInfo.InvariantCulture))}</text>");
            for (var k = 0; k < n; k++)
            {
                var on = m[q, k];
                sb.Append($"<rect class=\"{(on ? "sel on" : "sel")}\" x=\"{Html.Num(gx + k * cell + 1)}\" y=\"{Html.Num(y + 1)}\" width=\"{cell - 2}\" height=\"{cell - 2}\" rx=\"3\" fill=\"{(on ? color : "#f3f4f6")}\"><title>query {q} · key {k}: {(on ? "selected" : "not selected")}</title></rect>");
            }
            sb.Append($"<text class=\"result\" x=\"{Html.Num(gx + gridW + 10)}\" y=\"{Html.Num(y + cell / 2 + 4)}\">{Html.Escape(results[q])}</text>");
        }
        if (values is not null)
        {
            var vy = gy + n * cell + 20;
            sb.Append($"<text class=\"axis\" x=\"{Html.Num(gx - 8)}\" y=\"{Html.Num(vy)}\" text-anchor=\"end\">values</text>");
            for (var k = 0; k < n; k++)
                sb.Append($"<text class=\"tick\" x=\"{Html.Num(gx + k * cell + cell / 2)}\" y=\"{Html.Num(vy)}\" text-anchor=\"middle\">{Html.Escape(values[k])}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>One MLP: the function it computes and a table of its inputs and output at every position.</summary>
    public static string Mlp(MlpBlock block, int layer, CompiledRun run)
    {
        var node = block.Node;
        var sb = new StringBuilder();
        sb.Append($"<div class=\"mlp card\" data-layer=\"{layer}\" data-node=\"{Html.Escape(node.Label)}\">");
        sb.Append($"<h5><span class=\"chip\" style=\"background:{Palette.Layer(layer)}\">L{layer} MLP</span> {Html.Escape(node.Label)} = <code>{Html.Escape(ProgramGraphView.KindText(node))}</code></h5>");
        var fused = Diagnostics.Fused(block.Expr).ToList();
        sb.Append($"<p class=\"note\">Reads {Html.Escape(block.Reads.Count == 0 ? "nothing but the constant direction" : string.Join(", ", block.Reads.Select(r => r.Label)))}");
        if (fused.Count > 0) sb.Append($"; also computes {Html.Escape(string.Join(", ", fused.Select(f => f.Label)))} inside");
        sb.Append(".</p>");
        if (run.Trace is { } trace)
        {
            var rows = block.Reads.Concat(fused).Append(node).Where(r => r.Expr is SOp sop && trace.Contains(sop)).Distinct().ToList();
            sb.Append("<table class=\"rows\"><thead><tr><th scope=\"col\">s-op</th>");
            for (var p = 0; p < run.Input.Count; p++) sb.Append($"<th scope=\"col\">{p}</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var r in rows)
            {
                var cls = r == node ? " class=\"out\"" : "";
                sb.Append($"<tr{cls}><th scope=\"row\">{Html.Escape(r.Label)}</th>");
                // A width scalar (the attention half of a selector width) holds 1/(w+1), as in the residual stream.
                var values = trace.Values((SOp)r.Expr);
                if (r.Kind == NodeKind.WidthScalar) values = values.Select(w => Value.Float(1.0 / (w.AsDouble() + 1))).ToList();
                foreach (var v in values) sb.Append($"<td>{Html.Escape(ResidualView.Show(v))}</td>");
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</div>");
        return sb.ToString();
    }
}
