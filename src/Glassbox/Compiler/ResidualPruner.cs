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
        var qi = Enumerable.Range(0, h.QK.Query.Dimension).Where(i => q.Contains(h.QK.Query.Basis[i])).ToArray();
        var ki = Enumerable.Range(0, h.QK.Key.Dimension).Where(i => k.Contains(h.QK.Key.Basis[i])).ToArray();
        var vi = Enumerable.Range(0, h.OV.Input.Dimension).Where(i => v.Contains(h.OV.Input.Basis[i])).ToArray();
        var qs = new VectorSpace(qi.Select(i => h.QK.Query.Basis[i]));
        var ks = new VectorSpace(ki.Select(i => h.QK.Key.Basis[i]));
        var vs = new VectorSpace(vi.Select(i => h.OV.Input.Basis[i]));
        var qk = new double[qi.Length, ki.Length];
        for (var i = 0; i < qi.Length; i++)
            for (var j = 0; j < ki.Length; j++) qk[i, j] = h.QK.Matrix[qi[i], ki[j]];
        var ov = new double[h.OV.Output.Dimension, vi.Length];
        for (var o = 0; o < h.OV.Output.Dimension; o++)
            for (var i = 0; i < vi.Length; i++) ov[o, i] = h.OV.Matrix[o, vi[i]];
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
        var rows = Enumerable.Range(0, map.Output.Dimension).Where(o => keep.Contains(map.Output.Basis[o])).ToArray();
        if (rows.Length == map.Output.Dimension) return map;
        var m = new double[rows.Length, map.Input.Dimension];
        for (var o = 0; o < rows.Length; o++)
            for (var i = 0; i < map.Input.Dimension; i++) m[o, i] = map.Matrix[rows[o], i];
        return new LinearMap(map.Input, new VectorSpace(rows.Select(o => map.Output.Basis[o])), m);
    }

    private static Mlp PruneMlp(Mlp mlp, HashSet<BasisDirection> keep)
    {
        var second = Restrict(mlp.Second, keep);
        var first = mlp.First;
        var live = new List<int>();
        for (var h = 0; h < second.Input.Dimension; h++)
        {
            var writes = false;
            for (var o = 0; o < second.Output.Dimension && !writes; o++) writes = second.Matrix[o, h] != 0;
            var reads = false;
            for (var i = 0; i < first.Input.Dimension && !reads; i++) reads = first.Matrix[h, i] != 0;
            if (writes && reads) live.Add(h);
        }
        var inputs = Enumerable.Range(0, first.Input.Dimension).Where(i => live.Any(h => first.Matrix[h, i] != 0)).ToArray();
        if (live.Count == second.Input.Dimension && inputs.Length == first.Input.Dimension && ReferenceEquals(second, mlp.Second)) return mlp;
        var hidden = new VectorSpace(live.Select(h => first.Output.Basis[h]));
        var w1 = new double[live.Count, inputs.Length];
        var w2 = new double[second.Output.Dimension, live.Count];
        for (var a = 0; a < live.Count; a++)
        {
            for (var b = 0; b < inputs.Length; b++) w1[a, b] = first.Matrix[live[a], inputs[b]];
            for (var o = 0; o < second.Output.Dimension; o++) w2[o, a] = second.Matrix[o, live[a]];
        }
        return mlp with
        {
            First = new LinearMap(new VectorSpace(inputs.Select(i => first.Input.Basis[i])), hidden, w1),
            Second = new LinearMap(hidden, second.Output, w2),
        };
    }
}
