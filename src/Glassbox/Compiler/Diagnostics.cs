using System.Text;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>The size of a compiled model, as <c>glassbox compile --json</c> prints it.</summary>
/// <param name="Layers">Attention + MLP pairs (as Tracr counts them).</param>
/// <param name="Heads">Most heads in one layer.</param>
/// <param name="TotalHeads">Heads in all layers.</param>
/// <param name="ResidualDim">Residual width D.</param>
/// <param name="MlpHidden">MLP hidden width of every layer (0: no MLP).</param>
/// <param name="NonZeroParams">Non-zero weights in the layers.</param>
/// <param name="CompileMs">Compile time.</param>
public sealed record CompileStats(int Layers, int Heads, int TotalHeads, int ResidualDim, IReadOnlyList<int> MlpHidden, long NonZeroParams, double CompileMs);

/// <summary>Sizes and the human-readable per-layer report of a compilation.</summary>
public static class Diagnostics
{
    /// <summary>The sizes of <paramref name="c"/> (the non-zero weights counted on its sparse craft model, which
    /// gives the count of the dense weights without scanning them).</summary>
    public static CompileStats Stats(Compilation c)
    {
        var m = c.Model;
        return new CompileStats(m.LayerCount, m.Layers.Select(l => l.Heads.Count).DefaultIfEmpty(0).Max(),
            m.Layers.Sum(l => l.Heads.Count), m.ResidualDim, m.Layers.Select(l => l.Hidden).ToList(),
            Assembler.NonZeroWeights(c.Craft), c.CompileMilliseconds);
    }

    /// <summary>Per layer: which s-op each head and MLP computes, what it reads and which maps it fuses; then the residual labels.</summary>
    public static string Report(Compilation c)
    {
        var s = Stats(c);
        var sb = new StringBuilder();
        sb.AppendLine($"{c.Model.ProgramName}: {s.Layers} layer(s), {s.Heads} head(s) per layer at most ({s.TotalHeads} in all), residual width {s.ResidualDim}, MLP hidden [{string.Join(", ", s.MlpHidden)}], {s.NonZeroParams} non-zero weights{(c.Options.Causal ? ", causal" : "")}");
        for (var l = 0; l < s.Layers; l++)
        {
            sb.AppendLine($"layer {l}");
            foreach (var p in c.Placements.Where(p => p.SubLayer == 2 * l && p.Block is HeadBlock))
            {
                var h = (HeadBlock)p.Block;
                sb.AppendLine($"  head  {Describe(h.Node)}  reads {Reads(h)}{(h.Cleanup is null ? "" : "  (+1 MLP unit clears its default at BOS)")}");
            }
            foreach (var p in c.Placements.Where(p => p.SubLayer == 2 * l + 1 && p.Block is MlpBlock))
            {
                var m = (MlpBlock)p.Block;
                var fused = Fused(m.Expr).ToList();
                sb.AppendLine($"  mlp   {Describe(m.Node)}  {HiddenUnits(c, l, m.Mlp)}  reads {Reads(m)}{(fused.Count > 0 ? $"  fuses {string.Join(", ", fused.Select(f => f.Label))}" : "")}");
            }
        }
        sb.AppendLine($"residual ({c.Model.ResidualDim}): {string.Join(" ", c.Model.ResidualLabels)}");
        return sb.ToString();
    }

    /// <summary>The MLP's hidden units in the model, and how many the residual pruner removed (units whose outputs nothing reads).</summary>
    private static string HiddenUnits(Compilation c, int layer, Craft.Mlp built)
    {
        var kept = c.Craft.Layers[layer].Mlps.FirstOrDefault(x => x.Name == built.Name)?.Hidden ?? 0;
        return kept == built.Hidden ? $"{kept} hidden" : $"{kept} hidden ({built.Hidden - kept} of {built.Hidden} pruned: nothing reads what they write)";
    }

    private static string Reads(Block b) => b.Reads.Count == 0 ? "(one, bos only)" : string.Join(", ", b.Reads.Select(r => r.Label));

    private static string Describe(GraphNode n)
    {
        var what = n.Kind switch
        {
            NodeKind.Aggregate => n.IsNumerical ? "numerical aggregate (mean)" : "categorical aggregate",
            NodeKind.WidthScalar => "selector width, attention half (writes 1/(w+1))",
            NodeKind.SelectorWidth => "selector width, decoding",
            NodeKind.Map => $"map {((Map)n.Expr).Function.Description}",
            NodeKind.SequenceMap => $"sequence map {((SequenceMap)n.Expr).Function.Description}",
            _ => n.Kind.ToString().ToLowerInvariant(),
        };
        var span = n.Expr.Span is null ? "" : $" at {n.Expr.Span}";
        return $"{n.Label} = {what}{(n.IsNumerical ? " [numerical]" : "")}{span}";
    }

    /// <summary>Elementwise nodes computed inside this MLP without their own residual directions.</summary>
    public static IEnumerable<GraphNode> Fused(FusedExpr e)
    {
        var bases = e.Reads.ToHashSet();
        if (e.Numeric is { } n) bases.Add(n.Anchor);
        var seen = new HashSet<GraphNode>();
        var stack = new Stack<GraphNode>(e.Node.Children);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            if (bases.Contains(x) || !x.IsElementwise || !seen.Add(x)) continue;
            foreach (var c in x.Children) stack.Push(c);
        }
        if (e.Numeric is { } num && num.Anchor != e.Node && num.Anchor.IsElementwise) seen.Add(num.Anchor);
        return seen.OrderBy(x => x.Id);
    }
}
