using System.Text;

namespace Glassbox.Rasp;

/// <summary>One layer of the RASP paper's schedule: its heads (selectors) and the s-ops computed in it.</summary>
/// <param name="Index">0 is the embedding layer (tokens, indices, constants and maps of them); attention starts at 1.</param>
/// <param name="Heads">Distinct selector objects whose aggregates (or selector widths) run in this layer, one head each.</param>
/// <param name="Attention">The aggregates and selector widths computed by this layer's heads.</param>
/// <param name="Mlp">The elementwise s-ops (maps, sequence maps) computed by this layer's feed-forward part.</param>
/// <param name="Inputs">Base s-ops and constants (layer 0 only).</param>
public sealed record AnalysisLayer(int Index, IReadOnlyList<Selector> Heads, IReadOnlyList<SOp> Attention, IReadOnlyList<SOp> Mlp, IReadOnlyList<SOp> Inputs);

/// <summary>The result of <see cref="RaspAnalysis.Analyse"/>: layers, heads per layer and the schedule.</summary>
public sealed class AnalysisResult
{
    private readonly Dictionary<RaspExpr, int> _depth;

    internal AnalysisResult(IReadOnlyList<AnalysisLayer> schedule, Dictionary<RaspExpr, int> depth)
    {
        Schedule = schedule;
        _depth = depth;
    }

    /// <summary>Layer 0 (embedding and its maps) followed by the attention layers 1..<see cref="Layers"/>.</summary>
    public IReadOnlyList<AnalysisLayer> Schedule { get; }

    /// <summary>The number of attention layers (the paper's L).</summary>
    public int Layers => Schedule.Count - 1;

    /// <summary>Heads in each attention layer 1..L (index 0 is layer 1).</summary>
    public IReadOnlyList<int> HeadsPerLayer => Schedule.Skip(1).Select(l => l.Heads.Count).ToList();

    /// <summary>The most heads in one layer (the paper's H); 0 for a program without attention.</summary>
    public int MaxHeads => HeadsPerLayer.DefaultIfEmpty(0).Max();

    /// <summary>The layer a node is computed in (for selectors: the layer whose heads may use it, at the earliest).</summary>
    public int LayerOf(RaspExpr node) =>
        _depth.TryGetValue(node, out var d) ? d : throw new KeyNotFoundException($"{node.Describe()} is not part of the analysed program");

    /// <summary>A readable report: the sizes, then per layer its heads (with the aggregates each serves) and its MLP.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        sb.Append($"layers: {Layers}, max heads: {MaxHeads}");
        if (Layers > 0) sb.Append($" (heads per layer: {string.Join("/", HeadsPerLayer)})");
        sb.AppendLine();
        foreach (var layer in Schedule)
        {
            sb.AppendLine($"layer {layer.Index}:");
            if (layer.Inputs.Count > 0) sb.AppendLine($"  inputs: {string.Join(", ", layer.Inputs.Select(s => s.Label))}");
            for (int h = 0; h < layer.Heads.Count; h++)
            {
                var head = layer.Heads[h];
                var served = layer.Attention.Where(a => ReferenceEquals(SelectorOf(a), head)).Select(a => a.Label);
                sb.AppendLine($"  head {h}: {head.Label} -> {string.Join(", ", served)}");
            }
            if (layer.Mlp.Count > 0) sb.AppendLine($"  mlp: {string.Join(", ", layer.Mlp.Select(s => s.Label))}");
        }
        return sb.ToString();
    }

    internal static Selector? SelectorOf(SOp sop) => sop switch
    {
        Aggregate a => a.Selector,
        SelectorWidth w => w.Selector,
        _ => null,
    };
}

/// <summary>
/// The layer/head analysis of the RASP paper (reference implementation's <c>width_and_depth</c>): each node gets
/// its minimum depth (maps add nothing, a select is one deeper than its inputs, an aggregate sits in its
/// selector's layer and after its values), every s-op is scheduled greedily at that depth, and a layer's heads are
/// the distinct selector objects (by identity) its aggregates use. Composite selectors are one head; Tracr's
/// <see cref="SelectorWidth"/> primitive is one head in its selector's layer.
/// </summary>
public static class RaspAnalysis
{
    /// <summary>Analyses the program that computes <paramref name="root"/>.</summary>
    public static AnalysisResult Analyse(SOp root)
    {
        var depth = new Dictionary<RaspExpr, int>(ReferenceEqualityComparer.Instance);
        var order = root.TopologicalOrder();
        foreach (var node in order)
        {
            int D(RaspExpr c) => depth[c];
            depth[node] = node switch
            {
                TokensSOp or IndicesSOp or Full => 0,
                Map m => Math.Max(0, D(m.Inner)),
                SequenceMap sm => Math.Max(0, sm.Inputs.Max(D)),
                Select s => Math.Max(0, Math.Max(D(s.Keys), D(s.Queries))) + 1,
                SelectorAnd a => Math.Max(D(a.Left), D(a.Right)),
                SelectorOr o => Math.Max(D(o.Left), D(o.Right)),
                SelectorNot n => D(n.Inner),
                Aggregate a => Math.Max(D(a.Sop) + 1, D(a.Selector)),
                SelectorWidth w => Math.Max(1, D(w.Selector)),
                _ => throw new ArgumentException($"unknown node type {node.GetType().Name}"),
            };
        }

        var sops = order.OfType<SOp>().ToList();
        int layers = sops.Max(s => depth[s]);
        var schedule = new List<AnalysisLayer>();
        for (int d = 0; d <= layers; d++)
        {
            var here = sops.Where(s => depth[s] == d).ToList();
            var attention = here.Where(s => s is Aggregate or SelectorWidth).ToList();
            var heads = new List<Selector>();
            var seen = new HashSet<Selector>(ReferenceEqualityComparer.Instance);
            foreach (var a in attention)
            {
                var sel = AnalysisResult.SelectorOf(a)!;
                if (seen.Add(sel)) heads.Add(sel);
            }
            schedule.Add(new AnalysisLayer(d, heads, attention,
                here.Where(s => s is Map or SequenceMap).ToList(),
                here.Where(s => s is TokensSOp or IndicesSOp or Full).ToList()));
        }
        return new AnalysisResult(schedule, depth);
    }
}
