using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// How an attention head reads an s-op: through the one-hot directions of a categorical <see cref="Base"/> s-op and
/// a function of its value (a map folded into the head's weights), or as a constant when <see cref="Base"/> is null.
/// </summary>
/// <param name="Base">The categorical residual s-op read, or null for a constant.</param>
/// <param name="Function">The read s-op's value for each base value (null: undefined).</param>
public sealed record CategoricalAccess(GraphNode? Base, Func<Value, Value?> Function)
{
    /// <summary>The base values to enumerate (one dummy value for a constant).</summary>
    public IReadOnlyList<Value> Domain(IReadOnlyDictionary<GraphNode, ValueSet> sets) =>
        Base is null ? new[] { Value.None } : sets[Base].Values;

    /// <summary>Finds how a head reads <paramref name="node"/>, materialising it when no fold is possible.</summary>
    public static CategoricalAccess For(GraphNode node, MapFusion fusion, string role, GraphNode reader)
    {
        if (node.Kind == NodeKind.Full)
        {
            var c = ((Full)node.Expr).Value;
            return new CategoricalAccess(null, _ => c);
        }
        if (node.IsElementwise && !fusion.IsResident(node))
        {
            var e = fusion.Exprs[node];
            if (e.Numeric is null && e.CategoricalBases.Count == 1)
                return new CategoricalAccess(e.CategoricalBases[0], v => e.Evaluate(new[] { v }, null));
            if (e.Numeric is null && e.CategoricalBases.Count == 0)
            {
                var c = e.Evaluate(Array.Empty<Value>(), null);
                return new CategoricalAccess(null, _ => c);
            }
            fusion.Materialise(node);
        }
        if (node.IsNumerical)
            throw new UserError($"{role} {node.Describe()} of {reader.Describe()} is numerical; rule: selector keys and queries must be categorical");
        return new CategoricalAccess(node, v => v);
    }
}
