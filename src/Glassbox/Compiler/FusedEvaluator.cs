using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Evaluates an elementwise node at one position, given the values of the nodes it is computed from (its MLP's
/// inputs). Inner elementwise nodes that were fused away are evaluated on the way, with RASP's None propagation.
/// Returns null when a function fails (e.g. division by zero): the combination is undefined.
/// </summary>
internal static class FusedEvaluator
{
    /// <summary>The value of <paramref name="node"/> when the nodes in <paramref name="env"/> have those values.</summary>
    public static Value? Apply(GraphNode node, IReadOnlyDictionary<GraphNode, Value> env)
    {
        if (env.TryGetValue(node, out var known)) return known;
        switch (node.Kind)
        {
            case NodeKind.Full:
                return ((Full)node.Expr).Value;
            case NodeKind.Map:
            {
                var x = Apply(node.Children[0], env);
                if (x is not { } v) return null;
                if (v.IsNone) return Value.None;
                try { return ((Map)node.Expr).Function.Apply(v); }
                catch (RaspError) { return null; }
                catch (ArithmeticException) { return null; }
            }
            case NodeKind.SequenceMap:
            {
                var args = new Value[node.Children.Count];
                var none = false;
                for (var i = 0; i < args.Length; i++)
                {
                    if (Apply(node.Children[i], env) is not { } a) return null;
                    args[i] = a;
                    none |= a.IsNone;
                }
                if (none) return Value.None;
                try { return ((SequenceMap)node.Expr).Function.Apply(args); }
                catch (RaspError) { return null; }
                catch (ArithmeticException) { return null; }
            }
            case NodeKind.SelectorWidth:
            {
                if (Apply(node.Children[0], env) is not { } z || z.IsNone) return null;
                return Value.Int((long)Math.Round(1 / z.AsDouble() - 1));
            }
            default:
                throw new InvalidOperationException($"node {node} ({node.Kind}) is an MLP input but has no value");
        }
    }
}
