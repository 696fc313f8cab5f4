using Glassbox.Craft;

namespace Glassbox.Compiler;

/// <summary>
/// Keeps only residual directions that something reads: a block (a non-zero weight in W_QK, W_OV or an MLP's first
/// layer) or the unembedding. Writes to unread directions are removed, then hidden units that no longer write
/// anything (or read nothing), repeatedly until nothing changes. So there are no unused <c>indices:*</c>, pad,
/// or values no head or MLP distinguishes (e.g. query values that select nothing).
/// </summary>
public static class ResidualPruner
{
    /// <summary>Prunes <paramref name="layers"/>; returns the pruned layers and the set of kept directions.</summary>
    public static (IReadOnlyList<CraftLayer> Layers, HashSet<BasisDirection> Kept) Prune(IReadOnlyList<CraftLayer> layers, IEnumerable<BasisDirection> outputs)
    {
        var outputSet = outputs.ToHashSet();
        var current = layers;
        while (true)
        {
            var read = new HashSet<BasisDirection>(outputSet);
            foreach (var layer in current)
            {
                foreach (var h in layer.Heads)
                {
                    Add(h.QK.ReadQueries(), h.QK.Query, read);
                    Add(h.QK.ReadKeys(), h.QK.Key, read);
                    Add(h.OV.ReadInputs(), h.OV.Input, read);
                }
                foreach (var m in layer.Mlps) Add(m.First.ReadInputs(), m.First.Input, read);
            }
            var changed = false;
            var next = current.Select(l =>
            {
                var heads = l.Heads.Select(h =>
                {
                    var ov = Restrict(h.OV, read);
                    if (ReferenceEquals(ov, h.OV)) return h;
                    changed = true;
                    return h with { OV = ov };
                }).ToList();
                var mlps = new List<Mlp>();
                foreach (var m in l.Mlps)
                {
                    var pruned = PruneMlp(m, read);
                    if (!ReferenceEquals(pruned, m)) changed = true;
                    if (pruned.Hidden > 0) mlps.Add(pruned);
                }
                return new CraftLayer(heads, mlps);
            }).ToList();
            if (!changed) return (next.Select(l => l with { Heads = l.Heads.Select(Compact).ToList() }).ToList(), read);
            current = next;
        }
    }

    /// <summary>The head with its spaces cut down to directions that carry a non-zero weight.</summary>
    private static AttentionHead Compact(AttentionHead h)
    {
        var qi = Indices(h.QK.ReadQueries());
        var ki = Indices(h.QK.ReadKeys());
        var vi = Indices(h.OV.ReadInputs());
        var qk = h.QK;
        if (qi.Length != qk.Query.Dimension || ki.Length != qk.Key.Dimension)
            qk = qk.Select(new VectorSpace(qi.Select(i => qk.Query.Basis[i])), Renumber(qi, qk.Query.Dimension),
                new VectorSpace(ki.Select(i => qk.Key.Basis[i])), ki);
        var ov = h.OV;
        if (vi.Length != ov.Input.Dimension)
            ov = ov.Select(new VectorSpace(vi.Select(i => ov.Input.Basis[i])), Renumber(vi, ov.Input.Dimension), ov.Output, All(ov.Output.Dimension));
        return h with { QK = qk, OV = ov };
    }

    /// <summary>The indices whose flag is set, ascending.</summary>
    internal static int[] Indices(bool[] flags)
    {
        var list = new List<int>();
        for (var i = 0; i < flags.Length; i++) if (flags[i]) list.Add(i);
        return list.ToArray();
    }

    private static void Add(bool[] flags, VectorSpace space, HashSet<BasisDirection> into)
    {
        for (var i = 0; i < flags.Length; i++) if (flags[i]) into.Add(space.Basis[i]);
    }

    /// <summary>For each old index, its position in <paramref name="kept"/> (−1 when dropped).</summary>
    internal static int[] Renumber(int[] kept, int size)
    {
        var map = Enumerable.Repeat(-1, size).ToArray();
        for (var k = 0; k < kept.Length; k++) map[kept[k]] = k;
        return map;
    }

    private static int[] All(int n) => Enumerable.Range(0, n).ToArray();

    /// <summary>The map with output directions limited to <paramref name="keep"/>.</summary>
    private static LinearMap Restrict(LinearMap map, HashSet<BasisDirection> keep)
    {
        var rows = Enumerable.Range(0, map.Output.Dimension).Where(o => keep.Contains(map.Output.Basis[o])).ToArray();
        if (rows.Length == map.Output.Dimension) return map;
        return map.Select(map.Input, All(map.Input.Dimension), new VectorSpace(rows.Select(o => map.Output.Basis[o])), rows);
    }

    private static Mlp PruneMlp(Mlp mlp, HashSet<BasisDirection> keep)
    {
        var second = Restrict(mlp.Second, keep);
        var first = mlp.First;
        var writes = second.ReadInputs();
        var reads = first.WrittenOutputs();
        var live = new List<int>();
        for (var h = 0; h < second.Input.Dimension; h++) if (writes[h] && reads[h]) live.Add(h);
        var used = new bool[first.Input.Dimension];
        foreach (var h in live)
            foreach (var i in first.RowInputs(h)) used[i] = true;
        var inputs = Indices(used);
        if (live.Count == second.Input.Dimension && inputs.Length == first.Input.Dimension && ReferenceEquals(second, mlp.Second)) return mlp;
        var hidden = new VectorSpace(live.Select(h => first.Output.Basis[h]));
        var liveRows = live.ToArray();
        return mlp with
        {
            First = first.Select(new VectorSpace(inputs.Select(i => first.Input.Basis[i])), Renumber(inputs, first.Input.Dimension), hidden, liveRows),
            Second = second.Select(hidden, Renumber(liveRows, second.Input.Dimension), second.Output, All(second.Output.Dimension)),
        };
    }
}
