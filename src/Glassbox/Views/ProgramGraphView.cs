using System.Text;
using Glassbox.Compiler;

namespace Glassbox.Views;

using Glassbox.Rasp;

/// <summary>
/// The program graph as the compiler laid it out: inputs on the left, then one column per sub-layer (layer l's
/// attention, then its MLP), s-ops as boxes coloured by layer, selectors (dashed) just before the heads that use
/// them, and elementwise steps fused into an MLP (dotted) just before it. Edges run from what a node reads to it.
/// </summary>
public static class ProgramGraphView
{
    /// <summary>Graphs up to this wide shrink to fit the page; wider ones keep their size and scroll sideways.</summary>
    private const double FitWidth = 1800;

    private const double BoxW = 168, BoxH = 42, ColW = 200, RowH = 58, Top = 44, Left = 12;

    /// <summary>Where one graph node is drawn.</summary>
    /// <param name="Node">The node.</param>
    /// <param name="Slot">Column slot: 0 inputs, 2c the block at sub-layer c − 1, 2c − 1 the selectors/fused steps before it.</param>
    /// <param name="Layer">The layer that computes it (−1 for inputs).</param>
    /// <param name="Role">"input", "head", "mlp", "selector", "fused" or "other".</param>
    public sealed record NodePlace(GraphNode Node, int Slot, int Layer, string Role);

    /// <summary>Assigns every graph node a column slot and a layer.</summary>
    public static IReadOnlyList<NodePlace> Place(Compilation c)
    {
        var places = new Dictionary<GraphNode, NodePlace>();
        var fusedInto = new Dictionary<GraphNode, Placement>();
        foreach (var p in c.Placements)
        {
            places[p.Block.Node] = new NodePlace(p.Block.Node, 2 * (p.SubLayer + 1), p.Layer, p.Block is HeadBlock ? "head" : "mlp");
            if (p.Block is MlpBlock m)
                foreach (var f in Diagnostics.Fused(m.Expr)) fusedInto.TryAdd(f, p);
        }
        foreach (var n in c.Graph.Nodes.Where(n => n.Kind is NodeKind.Tokens or NodeKind.Indices or NodeKind.Full && !places.ContainsKey(n)))
            places[n] = new NodePlace(n, 0, -1, "input");
        foreach (var (n, p) in fusedInto)
            if (!places.ContainsKey(n)) places[n] = new NodePlace(n, 2 * (p.SubLayer + 1) - 1, p.Layer, "fused");
        // Selectors sit just before the first head that reads them (parents have larger ids, so walk backwards).
        foreach (var n in c.Graph.Nodes.Where(n => n.Kind == NodeKind.Selector).OrderByDescending(n => n.Id))
        {
            var readers = c.Graph.ReadersOf(n).Where(places.ContainsKey).Select(r => places[r]).ToList();
            if (readers.Count == 0) continue;
            var first = readers.MinBy(r => r.Slot)!;
            places[n] = new NodePlace(n, first.Role == "selector" ? first.Slot : first.Slot - 1, first.Layer, "selector");
        }
        foreach (var n in c.Graph.Nodes.Where(n => !places.ContainsKey(n)))
        {
            var slot = n.Children.Where(places.ContainsKey).Select(x => places[x].Slot).DefaultIfEmpty(0).Max();
            places[n] = new NodePlace(n, slot, slot == 0 ? -1 : (slot - 1) / 4, "other");
        }
        return c.Graph.Nodes.Select(n => places[n]).ToList();
    }

    /// <summary>The graph as an SVG (<c>&lt;svg class="graph"&gt;</c>, nodes <c>&lt;g class="node" data-node data-layer data-role&gt;</c>).</summary>
    public static string Render(Compilation c)
    {
        var places = Place(c);
        var slots = places.Select(p => p.Slot).Distinct().Order().ToList();
        var column = slots.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var pos = new Dictionary<GraphNode, (double X, double Y)>();
        var perSlot = new Dictionary<int, int>();
        foreach (var p in places.OrderBy(p => p.Slot).ThenBy(p => p.Node.Id))
        {
            var row = perSlot.GetValueOrDefault(p.Slot);
            perSlot[p.Slot] = row + 1;
            pos[p.Node] = (Left + column[p.Slot] * ColW, Top + row * RowH);
        }
        var width = Left * 2 + slots.Count * ColW - (ColW - BoxW);
        var height = Top + perSlot.Values.DefaultIfEmpty(1).Max() * RowH + 8;
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Html.Num(width)}\" height=\"{Html.Num(height)}\" {(width <= FitWidth ? "style=\"max-width:100%;height:auto\"" : "")} viewBox=\"0 0 {Html.Num(width)} {Html.Num(height)}\" role=\"img\" aria-label=\"program graph of {Html.Escape(c.Model.ProgramName)}\">");
        sb.Append($"<title>Program graph of {Html.Escape(c.Model.ProgramName)}</title>");
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#6b7280\"/></marker></defs>");
        foreach (var s in slots)
        {
            var x = Left + column[s] * ColW + BoxW / 2;
            var (text, color) = Header(s);
            if (text.Length > 0)
                sb.Append($"<text class=\"colhead\" x=\"{Html.Num(x)}\" y=\"22\" text-anchor=\"middle\" fill=\"{color}\">{Html.Escape(text)}</text>");
        }
        var placeOf = places.ToDictionary(p => p.Node);
        foreach (var p in places)
            foreach (var child in p.Node.Children)
            {
                if (!pos.TryGetValue(child, out var a)) continue;
                var b = pos[p.Node];
                var sameColumn = placeOf[child].Slot == p.Slot;
                string path = sameColumn
                    ? $"M {Html.Num(a.X + BoxW - 12)} {Html.Num(a.Y + BoxH)} C {Html.Num(a.X + BoxW + 20)} {Html.Num(a.Y + BoxH + 20)}, {Html.Num(b.X + BoxW + 20)} {Html.Num(b.Y - 20)}, {Html.Num(b.X + BoxW - 12)} {Html.Num(b.Y)}"
                    : $"M {Html.Num(a.X + BoxW)} {Html.Num(a.Y + BoxH / 2)} C {Html.Num(a.X + BoxW + 30)} {Html.Num(a.Y + BoxH / 2)}, {Html.Num(b.X - 30)} {Html.Num(b.Y + BoxH / 2)}, {Html.Num(b.X - 2)} {Html.Num(b.Y + BoxH / 2)}";
                sb.Append($"<path class=\"edge\" d=\"{path}\" marker-end=\"url(#arrow)\"/>");
            }
        foreach (var p in places)
        {
            var (x, y) = pos[p.Node];
            var color = Palette.Layer(p.Layer);
            var dash = p.Role switch { "selector" => " stroke-dasharray=\"5 3\"", "fused" => " stroke-dasharray=\"2 2\"", _ => "" };
            var fill = p.Role is "head" or "mlp" ? color : "#ffffff";
            var ink = p.Role is "head" or "mlp" ? Rgb.Parse(color).TextColor : "#111827";
            var kind = KindText(p.Node);
            var output = p.Node == c.Graph.Output ? " output" : "";
            sb.Append($"<g class=\"node{output}\" data-node=\"{Html.Escape(p.Node.Label)}\" data-layer=\"{p.Layer}\" data-role=\"{p.Role}\" tabindex=\"0\">");
            sb.Append($"<title>{Html.Escape(p.Node.Label)}: {Html.Escape(kind)}{(p.Layer >= 0 ? $" (layer {p.Layer} {Role(p.Role)})" : "")}{Html.Escape(p.Node.Expr.Span is { } span ? $" at {span}" : "")}</title>");
            sb.Append($"<rect x=\"{Html.Num(x)}\" y=\"{Html.Num(y)}\" width=\"{BoxW}\" height=\"{BoxH}\" rx=\"{(p.Role == "mlp" ? 4 : 12)}\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"{(output.Length > 0 ? 3 : 1.6)}\"{dash}/>");
            sb.Append($"<text class=\"nlabel\" x=\"{Html.Num(x + 8)}\" y=\"{Html.Num(y + 17)}\" fill=\"{ink}\">{Html.Escape(Clip(p.Node.Label, 22))}</text>");
            sb.Append($"<text class=\"nkind\" x=\"{Html.Num(x + 8)}\" y=\"{Html.Num(y + 33)}\" fill=\"{ink}\">{Html.Escape(Clip(kind, 27))}</text>");
            sb.Append("</g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A legend of the layer colours and node shapes, as HTML.</summary>
    public static string Legend(int layers)
    {
        var sb = new StringBuilder("<ul class=\"legend-list\">");
        sb.Append($"<li><span class=\"swatch\" style=\"border-color:{Palette.Input}\"></span>inputs</li>");
        for (var l = 0; l < layers; l++) sb.Append($"<li><span class=\"swatch\" style=\"background:{Palette.Layer(l)};border-color:{Palette.Layer(l)}\"></span>layer {l}</li>");
        sb.Append("<li><span class=\"swatch round\"></span>attention head</li><li><span class=\"swatch\"></span>MLP</li>");
        sb.Append("<li><span class=\"swatch dashed\"></span>selector</li><li><span class=\"swatch dotted\"></span>fused into the MLP</li></ul>");
        return sb.ToString();
    }

    private static string Role(string role) => role switch { "head" or "selector" => "attention", "mlp" or "fused" => "MLP", _ => role };

    private static (string Text, string Color) Header(int slot)
    {
        if (slot == 0) return ("inputs", Palette.Input);
        if (slot % 2 == 1) return ("", "");
        var sub = slot / 2 - 1;
        return ($"layer {sub / 2} {(sub % 2 == 0 ? "attention" : "MLP")}", Palette.Layer(sub / 2));
    }

    /// <summary>A short description of what a node does.</summary>
    public static string KindText(GraphNode n) => n.Expr switch
    {
        _ when n.Kind == NodeKind.WidthScalar => "selector width (attention)",
        Map m => m.Function.Description,
        SequenceMap s => s.Function.Description,
        Aggregate a => $"aggregate{(n.IsNumerical ? " (mean)" : "")}, default {a.Default.Repr()}",
        Select s => $"select {s.Predicate.Description}",
        _ => n.Expr.Summary,
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
