using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Pass 1: turns a RASP program into a <see cref="ProgramGraph"/>. Nodes are keyed by object identity (a selector
/// built twice is two heads), visited children-first in a fixed order, and labelled deterministically: the user's
/// name when given (made unique with _2, _3, … on clashes), otherwise <c>kind_n</c> with n the node's position.
/// </summary>
public static class GraphBuilder
{
    /// <summary>Builds the graph of <paramref name="program"/>.</summary>
    public static ProgramGraph Build(SOp program)
    {
        var order = program.TopologicalOrder();
        var nodes = new List<GraphNode>();
        var byExpr = new Dictionary<RaspExpr, GraphNode>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string>(StringComparer.Ordinal) { Residual.OneName, Residual.BosName };

        string Unique(string wanted)
        {
            var label = wanted;
            for (var i = 2; !used.Add(label); i++) label = $"{wanted}_{i}";
            return label;
        }

        GraphNode Add(NodeKind kind, RaspExpr expr, string label, IReadOnlyList<GraphNode> children)
        {
            var node = new GraphNode(nodes.Count, kind, expr, label, children);
            nodes.Add(node);
            return node;
        }

        foreach (var expr in order)
        {
            var children = expr.Children.Select(c => byExpr[c]).ToList();
            var baseLabel = expr switch
            {
                TokensSOp => "tokens",
                IndicesSOp => "indices",
                _ => expr.Name is { Length: > 0 } name ? Sanitize(name) : $"{expr.KindName}_{nodes.Count}",
            };
            GraphNode node;
            switch (expr)
            {
                case TokensSOp: node = Add(NodeKind.Tokens, expr, Unique(baseLabel), children); break;
                case IndicesSOp: node = Add(NodeKind.Indices, expr, Unique(baseLabel), children); break;
                case Full: node = Add(NodeKind.Full, expr, Unique(baseLabel), children); break;
                case Map: node = Add(NodeKind.Map, expr, Unique(baseLabel), children); break;
                case SequenceMap: node = Add(NodeKind.SequenceMap, expr, Unique(baseLabel), children); break;
                case Aggregate: node = Add(NodeKind.Aggregate, expr, Unique(baseLabel), children); break;
                case SelectorWidth:
                {
                    var label = Unique(baseLabel);
                    var scalar = Add(NodeKind.WidthScalar, expr, Unique(label + "_attn"), children);
                    node = Add(NodeKind.SelectorWidth, expr, label, new[] { scalar });
                    break;
                }
                case Selector: node = Add(NodeKind.Selector, expr, Unique(baseLabel), children); break;
                default: throw new UserError($"the compiler does not know the RASP node {expr.Describe()} ({expr.GetType().Name})");
            }
            byExpr[expr] = node;
        }
        return new ProgramGraph(nodes, byExpr[program]);
    }

    /// <summary>Residual labels use ':' to separate name and value, so names may not contain it.</summary>
    private static string Sanitize(string name) => name.Replace(':', '_').Replace(' ', '_');
}
