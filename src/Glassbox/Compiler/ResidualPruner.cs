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
                    Add(Dense.NonZeroRows(h.QK.Matrix), h.QK.Query, read);
                    Add(Dense.NonZeroColumns(h.QK.Matrix), h.QK.Key, read);
                    Add(Dense.NonZeroColumns(h.OV.Matrix), h.OV.Input, read);
                }
                foreach (var m in layer.Mlps) Add(Dense.NonZeroColumns(m.First.Matrix), m.First.Input, read);
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
        var qi = Indices(Dense.NonZeroRows(h.QK.Matrix));
        var ki = Indices(Dense.NonZeroColumns(h.QK.Matrix));
        var vi = Indices(Dense.NonZeroColumns(h.OV.Matrix));
        var qk = h.QK;
        if (qi.Length != qk.Query.Dimension || ki.Length != qk.Key.Dimension)
        {
            var m = new double[qi.Length, ki.Length];
            for (var i = 0; i < qi.Length; i++)
            {
                var src = Dense.Row(qk.Matrix, qi[i]);
                var dst = Dense.Row(m, i);
                for (var j = 0; j < ki.Length; j++) dst[j] = src[ki[j]];
            }
            qk = new BilinearForm(new VectorSpace(qi.Select(i => h.QK.Query.Basis[i])), new VectorSpace(ki.Select(i => h.QK.Key.Basis[i])), m);
        }
        var ov = h.OV;
        if (vi.Length != ov.Input.Dimension)
        {
            var m = new double[ov.Output.Dimension, vi.Length];
            for (var o = 0; o < ov.Output.Dimension; o++)
                for (var i = 0; i < vi.Length; i++) m[o, i] = ov.Matrix[o, vi[i]];
            ov = new LinearMap(new VectorSpace(vi.Select(i => h.OV.Input.Basis[i])), ov.Output, m);
        }
        return h with { QK = qk, OV = ov };
    }

    private static int[] Indices(bool[] flags)
    {
        var list = new List<int>();
        for (var i = 0; i < flags.Length; i++) if (flags[i]) list.Add(i);
        return list.ToArray();
    }

    private static void Add(bool[] flags, VectorSpace space, HashSet<BasisDirection> into)
    {
        for (var i = 0; i < flags.Length; i++) if (flags[i]) into.Add(space.Basis[i]);
    }

    /// <summary>The map with output directions limited to <paramref name="keep"/>.</summary>
    private static LinearMap Restrict(LinearMap map, HashSet<BasisDirection> keep)
    {
        var rows = Enumerable.Range(0, map.Output.Dimension).Where(o => keep.Contains(map.Output.Basis[o])).ToArray();
        if (rows.Length == map.Output.Dimension) return map;
        var m = new double[rows.Length, map.Input.Dimension];
        for (var o = 0; o < rows.Length; o++) Dense.Row(map.Matrix, rows[o]).CopyTo(Dense.Row(m, o));
        return new LinearMap(map.Input, new VectorSpace(rows.Select(o => map.Output.Basis[o])), m);
    }

    private static Mlp PruneMlp(Mlp mlp, HashSet<BasisDirection> keep)
    {
        var second = Restrict(mlp.Second, keep);
        var first = mlp.First;
        var writes = Dense.NonZeroColumns(second.Matrix);
        var reads = Dense.NonZeroRows(first.Matrix);
        var live = new List<int>();
        for (var h = 0; h < second.Input.Dimension; h++) if (writes[h] && reads[h]) live.Add(h);
        var used = new bool[first.Input.Dimension];
        foreach (var h in live)
        {
            var row = Dense.Row(first.Matrix, h);
            for (var i = 0; i < used.Length; i++) if (row[i] != 0) used[i] = true;
        }
        var inputs = Indices(used);
        if (live.Count == second.Input.Dimension && inputs.Length == first.Input.Dimension && ReferenceEquals(second, mlp.Second)) return mlp;
        var hidden = new VectorSpace(live.Select(h => first.Output.Basis[h]));
        var w1 = new double[live.Count, inputs.Length];
        var w2 = new double[second.Output.Dimension, live.Count];
        for (var a = 0; a < live.Count; a++)
        {
            var src = Dense.Row(first.Matrix, live[a]);
            var dst = Dense.Row(w1, a);
            for (var b = 0; b < inputs.Length; b++) dst[b] = src[inputs[b]];
        }
        for (var o = 0; o < second.Output.Dimension; o++)
        {
            var src = Dense.Row(second.Matrix, o);
            var dst = Dense.Row(w2, o);
            for (var a = 0; a < live.Count; a++) dst[a] = src[live[a]];
        }
        return mlp with
        {
            First = new LinearMap(new VectorSpace(inputs.Select(i => first.Input.Basis[i])), hidden, w1),
            Second = new LinearMap(hidden, second.Output, w2),
        };
    }
}
