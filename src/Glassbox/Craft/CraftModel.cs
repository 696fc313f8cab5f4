namespace Glassbox.Craft;

/// <summary>One layer of a craft model: heads that run in parallel, then MLPs that run in parallel, each sub-layer
/// added to the residual stream.</summary>
/// <param name="Heads">The attention sub-layer (may be empty).</param>
/// <param name="Mlps">The MLP sub-layer (may be empty).</param>
public sealed record CraftLayer(IReadOnlyList<AttentionHead> Heads, IReadOnlyList<Mlp> Mlps);

/// <summary>
/// A craft model: a residual space and a series of layers with residual connections,
/// <c>x ← x + Σ heads(x)</c> then <c>x ← x + Σ mlps(x)</c> per layer.
/// </summary>
/// <param name="Residual">The residual stream's named basis.</param>
/// <param name="Layers">The layers, first to last.</param>
public sealed record CraftModel(VectorSpace Residual, IReadOnlyList<CraftLayer> Layers)
{
    /// <summary>Every block reads and writes only residual directions; throws otherwise.</summary>
    public void CheckSpaces()
    {
        foreach (var layer in Layers)
        {
            foreach (var h in layer.Heads)
                if (!h.Reads.IsSubspaceOf(Residual) || !h.Writes.IsSubspaceOf(Residual))
                    throw new InvalidOperationException($"head {h.Name} uses directions outside the residual stream");
            foreach (var m in layer.Mlps)
                if (!m.Reads.IsSubspaceOf(Residual) || !m.Writes.IsSubspaceOf(Residual))
                    throw new InvalidOperationException($"MLP {m.Name} uses directions outside the residual stream");
        }
    }
}
