using System.Text;

namespace Glassbox.Views;

using Glassbox.Rasp;

/// <summary>One section of a view page: an anchor id, a heading, a sentence saying how to read it, and its HTML.</summary>
/// <param name="Id">The anchor (letters, digits, dashes).</param>
/// <param name="Title">The heading.</param>
/// <param name="Lede">One or two sentences on how to read the section.</param>
/// <param name="Body">The section's HTML (fragments from the views).</param>
public sealed record PageSection(string Id, string Title, string Lede, string Body);

/// <summary>
/// Whole self-contained view pages (inline SVG, CSS and script; nothing fetched): <see cref="Render(CompiledRun)"/>
/// for compiled programs, <see cref="Render(TrainedRun)"/> for trained models, and <see cref="Document"/> for any list
/// of sections. Fragment renderers: <see cref="ProgramGraphView"/>, <see cref="LayerView"/>, <see cref="AttentionView"/>,
/// <see cref="ResidualView"/>, <see cref="SizesView"/>, <see cref="HeadScoresView"/>; assets in <see cref="ViewAssets"/>.
/// </summary>
public static class ModelPage
{
    /// <summary>The page for a compiled model on one input.</summary>
    public static string Render(CompiledRun run) => Document($"{run.Title} — Glassbox view", Header(run), Sections(run));

    /// <summary>The sections of the compiled-model page, for pages that lay them out themselves.</summary>
    public static IReadOnlyList<PageSection> Sections(CompiledRun run)
    {
        var sections = new List<PageSection>();
        if (run.Compilation is { } c)
        {
            sections.Add(new("graph", "Program graph",
                "Each box is an s-op, coloured by the layer that computes it: rounded boxes are attention heads, square ones MLPs. Selectors (dashed) sit just before the heads that use them; dotted boxes are elementwise steps computed inside an MLP. Arrows point from what a node reads to the node; the output has a thick border.",
                ProgramGraphView.Legend(run.Model.LayerCount) + "<div class=\"scroll\">" + ProgramGraphView.Render(c) + "</div>"));
            sections.Add(new("layers", "Layer by layer on this input",
                "Each head drawn as in the RASP paper: a filled cell where the query (row) selects the key (column); query values on the left, key values on top, the values it moves along the bottom, and what each query receives on the right. Each MLP lists what it reads and computes at every position.",
                LayerView.Render(run)));
        }
        sections.Add(new("attention", "Attention patterns of the compiled model",
            "The weights each query gives each key when the compiled weights run on the engine (softmax with a large coldness, so selected keys share the weight; BOS takes it when nothing is selected). Hover or focus a token to see where it looks.",
            AttentionView.Layers(run.Heads, h => HeadNote(run, h))));
        sections.Add(new("residual", "Residual stream",
            "Positions (rows) × named residual directions (columns, coloured by the layer that writes them): name:value for categorical s-ops, name for numerical ones. Pick a stage; the table below decodes every s-op from its directions.",
            ResidualView.Render(run)));
        sections.Add(new("sizes", "Sizes and allocation", "What the compiler built, and where it put each s-op.", SizesView.Render(run.Model, run.Compilation)));
        return sections;
    }

    /// <summary>What a compiled head attends with, e.g. "keys indices · queries opp_idx · ==" (null without the compilation).</summary>
    public static string? HeadNote(CompiledRun run, HeadPattern head)
    {
        var block = run.Compilation?.Placements.Where(p => p.SubLayer == 2 * head.Layer && p.Block is Compiler.HeadBlock)
            .Select(p => (Compiler.HeadBlock)p.Block).ElementAtOrDefault(head.Head);
        var selector = block?.Node.Expr switch { Aggregate a => a.Selector, SelectorWidth w => w.Selector, _ => null };
        return selector switch
        {
            null => null,
            Select s => $"keys {s.Keys.Label} · queries {s.Queries.Label} · {s.Predicate.Description}",
            _ => $"selector {selector.Label}",
        };
    }

    /// <summary>The page for a trained model on one input.</summary>
    public static string Render(TrainedRun run) => Document($"{run.Title} — Glassbox view", TrainedHeader(run),
    [
        new("attention", "Attention patterns",
            "The weights each query gives each key in every head. Hover or focus a token to see where it looks.",
            AttentionView.Layers(run.Heads, h => HeadScoresView.Note(run.Scores, h.Layer, h.Head))),
        new("scores", "Head scores",
            "How much each head behaves like a known kind of head: previous-token (on this input) and induction (on repeated random sequences), each the fraction of attention on the expected key.",
            HeadScoresView.Render(run.Scores)),
    ]);

    /// <summary>A complete HTML document: title, a header, a table of contents and the sections, with the CSS and script inlined.</summary>
    public static string Document(string title, string headerHtml, IReadOnlyList<PageSection> sections)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        sb.Append($"<title>{Html.Escape(title)}</title><style>{ViewAssets.Css}</style></head><body>");
        sb.Append($"<header class=\"top\">{headerHtml}</header>");
        sb.Append("<nav class=\"toc\" aria-label=\"sections\">");
        foreach (var s in sections) sb.Append($"<a href=\"#{Html.Id(s.Id)}\">{Html.Escape(s.Title)}</a>");
        sb.Append("</nav><main>");
        foreach (var s in sections)
            sb.Append($"<section class=\"view\" id=\"{Html.Id(s.Id)}\"><h2>{Html.Escape(s.Title)}</h2><p class=\"lede\">{Html.Escape(s.Lede)}</p>{s.Body}</section>");
        sb.Append($"</main><script>{ViewAssets.Script}</script></body></html>\n");
        return sb.ToString();
    }

    /// <summary>The compiled page's header: the program, the input, the model's output and the evaluator's.</summary>
    public static string Header(CompiledRun run)
    {
        var sb = new StringBuilder($"<h1>{Html.Escape(run.Title)}</h1>");
        var m = run.Model;
        sb.Append($"<p>{m.LayerCount} layer(s), {m.Layers.Sum(l => l.Heads.Count)} head(s), residual width {m.ResidualDim}, vocabulary {{{Html.Escape(string.Join(", ", m.Vocabulary.Select(v => v.Repr())))}}}, inputs up to {m.MaxSeqLen}{(m.Causal ? ", causal" : "")}.</p>");
        sb.Append($"<p>input <code>{Html.Escape(string.Join(" ", run.Input.Select(v => v.ToString())))}</code> → model <code>{Html.Escape(Join(run.Output))}</code>");
        if (run.Expected is { } e)
        {
            var same = e.Count == run.Output.Count && e.Zip(run.Output).All(p => Same(p.First, p.Second, m.Output.Numerical));
            sb.Append($"; evaluator <code>{Html.Escape(Join(e))}</code> <span class=\"badge {(same ? "ok" : "bad")}\">{(same ? "agree" : "differ")}</span>");
        }
        sb.Append("</p>");
        return sb.ToString();
    }

    private static string TrainedHeader(TrainedRun run)
    {
        var c = run.Bundle.Model.Config;
        var sb = new StringBuilder($"<h1>{Html.Escape(run.Title)}</h1>");
        sb.Append($"<p>trained model, task <code>{Html.Escape(run.Bundle.Task)}</code>, {Html.Escape(run.Bundle.Model.Architecture.ToString().ToLowerInvariant())}");
        if (c is not null) sb.Append($", {c.Layers} layer(s) × {c.Heads} head(s), d_model {c.DModel}");
        sb.Append($", {run.Bundle.Model.ParameterCount:N0} parameters.</p>");
        sb.Append($"<p>sequence shown <code>{Html.Escape(string.Join(" ", run.Tokens))}</code></p>");
        return sb.ToString();
    }

    private static string Join(IEnumerable<Value> values) => string.Join(" ", values.Select(ResidualView.Show));

    private static bool Same(Value expected, Value got, bool numerical) =>
        numerical ? Math.Abs((expected.IsNone ? 0 : expected.AsDouble()) - (got.IsNone ? 0 : got.AsDouble())) <= 1e-6 : expected.Equals(got) || (expected.IsNone && got.IsNone);
}
