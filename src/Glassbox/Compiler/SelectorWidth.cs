using Glassbox.Craft;

namespace Glassbox.Compiler;

/// <summary>
/// The attention half of a selector width. BOS scores as high as a selected key, so a query with w selected keys
/// gives BOS weight 1/(w+1); W_OV copies the BOS marker into a private numerical direction, which therefore holds
/// 1/(w+1). The decoding (w = 1/x − 1) is an ordinary elementwise node, built by <see cref="NumericalMlp"/> with
/// per-threshold slopes, so it is exact for every width up to max_seq_len, and maps applied to the width fuse into
/// the same MLP. Each width has its own direction, so two widths in one layer cannot interfere.
/// </summary>
public static class SelectorWidthAttention
{
    /// <summary>Builds the head writing 1/(w+1) into the scalar node's direction.</summary>
    public static (AttentionHead Head, List<GraphNode> Reads) Build(GraphNode scalar, MapFusion fusion, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var (qk, reads) = CategoricalAttention.Scores(scalar.Children[0], scalar, fusion, sets, 0);
        var ov = new WeightBuilder().Add(Residual.Of(scalar), Residual.Bos, 1);
        return (new AttentionHead(scalar.Label, qk, ov.ToLinearMap()), reads);
    }
}
