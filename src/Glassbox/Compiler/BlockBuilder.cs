using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>A craft block computing one s-op, with the residual s-ops it reads (for scheduling).</summary>
/// <param name="Node">The s-op computed.</param>
/// <param name="Reads">The residual s-ops read.</param>
public abstract record Block(GraphNode Node, IReadOnlyList<GraphNode> Reads);

/// <summary>An attention head; <paramref name="Cleanup"/> is an MLP unit that clears a default written at BOS.</summary>
public sealed record HeadBlock(GraphNode Node, IReadOnlyList<GraphNode> Reads, AttentionHead Head, Mlp? Cleanup) : Block(Node, Reads);

/// <summary>An MLP computing a (possibly fused) elementwise s-op.</summary>
public sealed record MlpBlock(GraphNode Node, IReadOnlyList<GraphNode> Reads, Mlp Mlp, FusedExpr Expr) : Block(Node, Reads);

/// <summary>The blocks of a program, in topological order, and the fusion plan they came from.</summary>
public sealed record BlockSet(IReadOnlyList<Block> Blocks, MapFusion Fusion);

/// <summary>
/// Pass 3: one craft block per computed s-op. Aggregates and selector widths become attention heads
/// (<see cref="CategoricalAttention"/>, <see cref="NumericalAttention"/>, <see cref="SelectorWidthAttention"/>);
/// elementwise s-ops that must live in the residual stream become MLPs (<see cref="CategoricalMlp"/>,
/// <see cref="NumericalMlp"/>), after <see cref="MapFusion"/> has fused elementwise chains.
/// </summary>
public static class BlockBuilder
{
    /// <summary>Builds the blocks of <paramref name="graph"/>.</summary>
    public static BlockSet Build(ProgramGraph graph, Dictionary<GraphNode, ValueSet> sets)
    {
        var fusion = MapFusion.Plan(graph, sets);
        if (graph.Output.Kind == NodeKind.Full)
            throw new UserError($"the program output {graph.Output.Describe()} is a constant; rule: a compiled program must depend on its input");
        fusion.Materialise(graph.Output);
        if (graph.Output.IsNumerical && sets[graph.Output].MayBeNone && graph.Output.Kind != NodeKind.Aggregate)
            throw new UserError($"numerical output {graph.Output.Describe()} can be undefined (None); rule: a numerical s-op holds numbers, so make it categorical");

        var heads = new Dictionary<GraphNode, Block>();
        foreach (var node in graph.Nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Aggregate:
                {
                    var (head, reads) = node.IsNumerical
                        ? NumericalAttention.Aggregate(node, fusion, sets)
                        : CategoricalAttention.Aggregate(node, fusion, sets);
                    heads[node] = new HeadBlock(node, reads, head, Cleanup(node, sets));
                    break;
                }
                case NodeKind.WidthScalar:
                {
                    var (head, reads) = SelectorWidthAttention.Build(node, fusion, sets);
                    heads[node] = new HeadBlock(node, reads, head, null);
                    break;
                }
            }
        }

        var blocks = new List<Block>();
        foreach (var node in graph.Nodes)
        {
            foreach (var (tuple, _) in fusion.Synthetic.Where(s => s.Reader == node))
                blocks.Add(new MlpBlock(tuple, tuple.Children, CategoricalMlp.Build(fusion.Exprs[tuple], sets), fusion.Exprs[tuple]));
            if (heads.TryGetValue(node, out var h)) blocks.Add(h);
            else if (node.IsElementwise && fusion.Materialised.Contains(node))
            {
                var e = fusion.Exprs[node];
                if (node.IsNumerical && sets[node].MayBeNone)
                    throw new UserError($"numerical s-op {node.Describe()} can be undefined (None); rule: a numerical s-op holds numbers, so make it categorical");
                var mlp = e.Numeric is null ? CategoricalMlp.Build(e, sets) : NumericalMlp.Build(e, sets);
                blocks.Add(new MlpBlock(node, e.Reads.Distinct().ToList(), mlp, e));
            }
        }
        return new BlockSet(blocks, fusion);
    }

    /// <summary>When BOS carries a default (categorical non-None, numerical non-zero), the aggregate writes it at the
    /// BOS position too; one MLP unit, <c>ReLU(bos)</c>, removes it so BOS stays clean.</summary>
    private static Mlp? Cleanup(GraphNode node, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var d = ((Aggregate)node.Expr).Default;
        if (d.IsNone || (node.IsNumerical && d.AsDouble() == 0)) return null;
        var h = new BasisDirection($"{node.Label}_bos_cleanup");
        var first = new WeightBuilder().Add(h, Residual.Bos, 1);
        var vec = new Dictionary<BasisDirection, double>();
        Residual.AddValue(vec, node, d, -1);
        var second = new WeightBuilder();
        foreach (var (dir, w) in vec) second.Add(dir, h, w);
        return new Mlp(node.Label + " (BOS clean-up)", first.ToLinearMap(), second.ToLinearMap());
    }
}
