using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Refuses, before any weights exist, programs the compiler cannot realise exactly. Each message names the s-op
/// (with file:line:column for text programs) and the rule. Rules that need value sets (non-numeric means,
/// numerical keys, non-linear numerical combinations, unbounded value sets) are checked by the passes that
/// discover them, with the same message shape.
/// </summary>
public static class Validator
{
    /// <summary>Structural rules.</summary>
    public static void CheckStatic(ProgramGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Tokens or NodeKind.Indices when node.IsNumerical:
                    throw new UserError($"{node.Describe()} is numerical; rule: tokens and indices are always categorical");
                case NodeKind.Aggregate:
                {
                    var agg = (Aggregate)node.Expr;
                    var value = node.Children[1];
                    if (!node.IsNumerical && value.IsNumerical)
                        throw new UserError($"categorical aggregate {node.Describe()} reads the numerical s-op {value.Describe()}; rule: a categorical aggregate moves one-hot values, so annotate the aggregate numerical to average numbers");
                    if (node.IsNumerical && !agg.Default.IsNone && !agg.Default.IsNumeric)
                        throw new UserError($"numerical aggregate {node.Describe()} has the non-numeric default {agg.Default.Repr()}; rule: a mean's default is a number");
                    break;
                }
            }
        }
    }
}
