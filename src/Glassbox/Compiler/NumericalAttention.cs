using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// The head of a numerical aggregate: the mean of the selected values, exact under hard attention for any numbers.
/// The value is read as a numerical s-op, a linear form of numerical s-ops, or a numeric function of a categorical
/// s-op folded into W_OV; BOS contributes the default.
/// </summary>
public static class NumericalAttention
{
    /// <summary>Builds the head and lists the s-ops it reads.</summary>
    public static (AttentionHead Head, List<GraphNode> Reads) Aggregate(GraphNode node, MapFusion fusion, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var agg = (Aggregate)node.Expr;
        var (qk, reads) = CategoricalAttention.Scores(node.Children[0], node, fusion, sets, 0.5);
        var valueNode = node.Children[1];
        var outDir = Residual.Of(node);
        var ov = new WeightBuilder().Row(outDir).Column(Residual.Bos);
        if (!agg.Default.IsNone) ov.Add(outDir, Residual.Bos, agg.Default.AsDouble());

        NumericVariable? linear = null;
        if (valueNode.IsNumerical && valueNode.Kind != NodeKind.Full)
        {
            if (fusion.IsResident(valueNode)) linear = fusion.Direct(valueNode);
            else if (fusion.Exprs[valueNode].IsLinear) linear = fusion.Exprs[valueNode].Numeric;
            else if (fusion.Exprs[valueNode] is { Numeric: not null } or { CategoricalBases.Count: > 1 })
            {
                fusion.Materialise(valueNode);
                linear = fusion.Direct(valueNode);
            }
        }
        if (linear is not null)
        {
            foreach (var t in linear.Terms) { ov.Add(outDir, Residual.Of(t.Base), t.Coefficient); reads.Add(t.Base); }
            if (linear.Constant != 0) ov.Add(outDir, Residual.One, linear.Constant);
        }
        else
        {
            var value = CategoricalAccess.For(valueNode, fusion, "aggregated s-op", node);
            foreach (var v in value.Domain(sets))
            {
                var src = value.Base is null ? Residual.One : Residual.Of(value.Base, v);
                var x = value.Function(v);
                if (x is not { } xv || xv.IsNone) continue;
                if (!xv.IsNumeric)
                    throw new UserError($"numerical aggregate {node.Describe()} averages the non-numeric value {xv.Repr()}; rule: a mean needs numbers");
                ov.Add(outDir, src, xv.AsDouble());
            }
            if (value.Base is not null) reads.Add(value.Base);
        }
        return (new AttentionHead(node.Label, qk, ov.ToLinearMap()), reads.Distinct().ToList());
    }
}
