using System.Text;

namespace Glassbox.Rasp;

/// <summary>
/// Prints a program as a listing with one line per node, children first. Each node is printed once, however
/// often it is shared. Nodes get their names where they have one, else <c>_1</c>, <c>_2</c>, …; base s-ops and
/// constants are written inline. For example, Tracr's histogram prints as
/// <code>
/// same_tok = select(tokens, tokens, ==)
/// hist = selector_width(same_tok)
/// </code>
/// Use it to read a DSL program, or to see where two programs that should be equal differ.
/// </summary>
public static class RaspListing
{
    /// <summary>The listing of everything <paramref name="root"/> depends on, itself last.</summary>
    public static string Format(RaspExpr root)
    {
        var names = new Dictionary<RaspExpr, string>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        int fresh = 0;
        foreach (var node in root.TopologicalOrder())
        {
            string? inline = Inline(node);
            if (inline is not null && !ReferenceEquals(node, root)) { names[node] = inline; continue; }
            string name = node.Name ?? $"_{++fresh}";
            for (int k = 2; !used.Add(name); k++) name = $"{node.Name ?? "_"}#{k}";
            names[node] = name;
            string annotation = node is SOp { Encoding: Encoding.Numerical } ? "numerical " : "";
            sb.Append(name).Append(" = ").Append(annotation).Append(Expression(node, names));
            if (node.Span is not null) sb.Append("    # ").Append(node.Span);
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string? Inline(RaspExpr node) => node switch
    {
        TokensSOp { Name: null, Encoding: Encoding.Categorical } => "tokens",
        IndicesSOp { Name: null, Encoding: Encoding.Categorical } => "indices",
        Full { Name: null, Encoding: Encoding.Categorical } f => f.Value.Repr(),
        _ => null,
    };

    private static string Expression(RaspExpr node, Dictionary<RaspExpr, string> names)
    {
        string N(RaspExpr e) => names[e];
        return node switch
        {
            TokensSOp => "tokens",
            IndicesSOp => "indices",
            Full f => $"full({f.Value.Repr()})",
            Map m => $"map({m.Function.Description}; x = {N(m.Inner)})",
            SequenceMap sm => $"sequence_map({sm.Function.Description}; " +
                string.Join(", ", sm.Inputs.Select((s, i) => $"{SequenceFunction.ArgumentName(i)} = {N(s)}")) + ")",
            Aggregate a => $"aggregate({N(a.Selector)}, {N(a.Sop)}, default {a.Default.Repr()})",
            SelectorWidth w => $"selector_width({N(w.Selector)})",
            Select s => $"select({N(s.Keys)}, {N(s.Queries)}, {s.Predicate.Description})",
            SelectorAnd a => $"{N(a.Left)} and {N(a.Right)}",
            SelectorOr o => $"{N(o.Left)} or {N(o.Right)}",
            SelectorNot n => $"not {N(n.Inner)}",
            _ => node.Summary,
        };
    }
}
