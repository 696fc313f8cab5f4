using Glassbox.Craft;

namespace Glassbox.Compiler;

/// <summary>A block placed in a sub-layer: even sub-layers 2l are layer l's attention, odd ones 2l+1 its MLP.</summary>
/// <param name="Block">The block.</param>
/// <param name="SubLayer">Where it runs.</param>
public sealed record Placement(Block Block, int SubLayer)
{
    /// <summary>The transformer layer (attention + MLP pair).</summary>
    public int Layer => SubLayer / 2;
}

/// <summary>
/// Pass 4: longest-path scheduling. Each block runs in the earliest sub-layer of its kind after every s-op it reads
/// is available (inputs at −1; a head's s-op after its sub-layer, or after the MLP sub-layer when it has a BOS
/// clean-up). This as-soon-as-possible order is optimal for the number of layers, computed in one pass in
/// topological order (no path enumeration, so no exponential blow-up).
/// </summary>
public static class LayerAllocator
{
    /// <summary>Places every block; returns placements in topological order.</summary>
    public static IReadOnlyList<Placement> Allocate(BlockSet blocks)
    {
        var available = new Dictionary<GraphNode, int>();
        var result = new List<Placement>();
        foreach (var block in blocks.Blocks)
        {
            var after = block.Reads.Select(r => available.GetValueOrDefault(r, -1)).DefaultIfEmpty(-1).Max();
            var s = after + 1;
            var isHead = block is HeadBlock;
            if (isHead && s % 2 == 1) s++;
            if (!isHead && s % 2 == 0) s++;
            result.Add(new Placement(block, s));
            available[block.Node] = block is HeadBlock { Cleanup: not null } ? s + 1 : s;
        }
        return result;
    }

    /// <summary>Groups placements into craft layers over <paramref name="residual"/>.</summary>
    public static IReadOnlyList<CraftLayer> ToLayers(IReadOnlyList<Placement> placements)
    {
        if (placements.Count == 0) return Array.Empty<CraftLayer>();
        var layers = placements.Max(p => p.Layer) + 1;
        var result = new List<CraftLayer>();
        for (var l = 0; l < layers; l++)
        {
            var heads = placements.Where(p => p.SubLayer == 2 * l && p.Block is HeadBlock).Select(p => ((HeadBlock)p.Block).Head).ToList();
            var mlps = placements.Where(p => p.SubLayer == 2 * l + 1 && p.Block is MlpBlock).Select(p => ((MlpBlock)p.Block).Mlp).ToList();
            mlps.AddRange(placements.Where(p => p.SubLayer == 2 * l && p.Block is HeadBlock { Cleanup: not null }).Select(p => ((HeadBlock)p.Block).Cleanup!));
            result.Add(new CraftLayer(heads, mlps));
        }
        return result;
    }
}
