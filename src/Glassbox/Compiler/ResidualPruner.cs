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
                    AddNonZeroRows(h.QK.Matrix, h.QK.Query, read);
                    AddNonZeroCols(h.QK.Matrix, h.QK.Key, read);
                    AddNonZeroCols(h.OV.Matrix, h.OV.Input, read);
                }
                foreach (var m in layer.Mlps) AddNonZeroCols(m.First.Matrix, m.First.Input, read);
            }
            var next = current.Select(l => new CraftLayer(
                l.Heads.Select(h => h with { OV = Restrict(h.OV, read) }).ToList(),
                l.Mlps.Select(m => PruneMlp(m, read)).Where(m => m.Hidden > 0).ToList())).ToList();
            if (Size(next) == Size(current)) return (next.Select(l => l with { Heads = l.Heads.Select(Compact).ToList() }).ToList(), read);
            current = next;
        }
    }

    /// <summary>The head with its spaces cut down to directions that carry a non-zero weight.</summary>
    private static AttentionHead Compact(AttentionHead h)
    {
        var q = new HashSet<BasisDirection>();
        var k = new HashSet<BasisDirection>();
        var v = new HashSet<BasisDirection>();
        AddNonZeroRows(h.QK.Matrix, h.QK.Query, q);
        AddNonZeroCols(h.QK.Matrix, h.QK.Key, k);
        AddNonZeroCols(h.OV.Matrix, h.OV.Input, v);
        var qs = new VectorSpace(h.QK.Query.Basis.Where(q.Contains));
        var ks = new VectorSpace(h.QK.Key.Basis.Where(k.Contains));
        var vs = new VectorSpace(h.OV.Input.Basis.Where(v.Contains));
        var qk = new double[qs.Dimension, ks.Dimension];
        for (var i = 0; i < qs.Dimension; i++)
            for (var j = 0; j < ks.Dimension; j++) qk[i, j] = h.QK.Weight(qs.Basis[i], ks.Basis[j]);
        var ov = new double[h.OV.Output.Dimension, vs.Dimension];
        for (var o = 0; o < h.OV.Output.Dimension; o++)
            for (var i = 0; i < vs.Dimension; i++) ov[o, i] = h.OV.Weight(vs.Basis[i], h.OV.Output.Basis[o]);
        return h with { QK = new BilinearForm(qs, ks, qk), OV = new LinearMap(vs, h.OV.Output, ov) };
    }

    private static long Size(IReadOnlyList<CraftLayer> layers) =>
        layers.Sum(l => l.Heads.Sum(h => (long)h.OV.NonZeroCount() + h.OV.Output.Dimension) + l.Mlps.Sum(m => (long)m.First.NonZeroCount() + m.Second.NonZeroCount() + m.Hidden + m.Second.Output.Dimension));

    private static void AddNonZeroRows(double[,] m, VectorSpace rows, HashSet<BasisDirection> into)
    {
        for (var i = 0; i < rows.Dimension; i++)
            for (var j = 0; j < m.GetLength(1); j++)
                if (m[i, j] != 0) { into.Add(rows.Basis[i]); break; }
    }

    private static void AddNonZeroCols(double[,] m, VectorSpace cols, HashSet<BasisDirection> into)
    {
        for (var j = 0; j < cols.Dimension; j++)
            for (var i = 0; i < m.GetLength(0); i++)
                if (m[i, j] != 0) { into.Add(cols.Basis[j]); break; }
    }

    /// <summary>The map with output directions limited to <paramref name="keep"/>.</summary>
    private static LinearMap Restrict(LinearMap map, HashSet<BasisDirection> keep)
    {
        var output = new VectorSpace(map.Output.Basis.Where(keep.Contains));
        var w = new WeightBuilder();
        foreach (var d in output.Basis) w.Row(d);
        foreach (var d in map.Input.Basis) w.Column(d);
        for (var o = 0; o < map.Output.Dimension; o++)
            if (keep.Contains(map.Output.Basis[o]))
                for (var i = 0; i < map.Input.Dimension; i++)
                    if (map.Matrix[o, i] != 0) w.Add(map.Output.Basis[o], map.Input.Basis[i], map.Matrix[o, i]);
        return w.ToLinearMap(map.Input, output);
    }

    private static Mlp PruneMlp(Mlp mlp, HashSet<BasisDirection> keep)
    {
        var second = Restrict(mlp.Second, keep);
        var live = new List<BasisDirection>();
        for (var h = 0; h < second.Input.Dimension; h++)
        {
            var writes = Enumerable.Range(0, second.Output.Dimension).Any(o => second.Matrix[o, h] != 0);
            var reads = Enumerable.Range(0, mlp.First.Input.Dimension).Any(i => mlp.First.Matrix[h, i] != 0);
            if (writes && reads) live.Add(second.Input.Basis[h]);
        }
        var hidden = new VectorSpace(live);
        var first = new WeightBuilder();
        var snd = new WeightBuilder();
        foreach (var d in mlp.First.Input.Basis) first.Column(d);
        foreach (var d in second.Output.Basis) snd.Row(d);
        foreach (var h in live)
        {
            var hi = mlp.First.Output.IndexOf(h);
            for (var i = 0; i < mlp.First.Input.Dimension; i++)
                if (mlp.First.Matrix[hi, i] != 0) first.Add(h, mlp.First.Input.Basis[i], mlp.First.Matrix[hi, i]);
            var si = second.Input.IndexOf(h);
            for (var o = 0; o < second.Output.Dimension; o++)
                if (second.Matrix[o, si] != 0) snd.Add(second.Output.Basis[o], h, second.Matrix[o, si]);
        }
        var inputs = new VectorSpace(mlp.First.Input.Basis.Where(d => live.Any(h => mlp.First.Weight(d, h) != 0)));
        return mlp with { First = first.ToLinearMap(inputs, hidden), Second = snd.ToLinearMap(hidden, second.Output) };
    }
}
