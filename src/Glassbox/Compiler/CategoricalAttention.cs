using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Attention heads for selectors and categorical aggregates. A selector becomes a score form W_QK: it is a
/// conjunction of m conditions, each a truth table over one query s-op and one key s-op (Select, or And/Or/Not of
/// Selects on the same pair), and a key's score is the number of conditions it meets. BOS scores m − ½, so under
/// hard attention a query averages exactly the selected keys, or attends to BOS alone when nothing is selected.
/// </summary>
public static class CategoricalAttention
{
    /// <summary>The score form of <paramref name="selector"/>; <paramref name="bosGap"/> is how far below a full
    /// match BOS scores (½ for aggregates, 0 for selector width, where BOS is counted with the selected keys).</summary>
    public static (BilinearForm QK, List<GraphNode> Reads) Scores(GraphNode selector, GraphNode reader, MapFusion fusion,
        IReadOnlyDictionary<GraphNode, ValueSet> sets, double bosGap)
    {
        var conjuncts = new List<GraphNode>();
        void Flatten(GraphNode s)
        {
            if (s.Expr is SelectorAnd) { Flatten(s.Children[0]); Flatten(s.Children[1]); }
            else conjuncts.Add(s);
        }
        Flatten(selector);

        // One truth table per (query base, key base) pair, [key, query]; conditions on the same pair are AND-ed.
        var tables = new List<(GraphNode? QBase, GraphNode? KBase, bool[,] Table)>();
        foreach (var conjunct in conjuncts)
        {
            var leaves = Leaves(conjunct).ToList();
            var keys = leaves.Select(l => CategoricalAccess.For(l.Children[0], fusion, "selector key", reader)).ToList();
            var queries = leaves.Select(l => CategoricalAccess.For(l.Children[1], fusion, "selector query", reader)).ToList();
            var kb = keys.Select(k => k.Base).Where(b => b is not null).Distinct().ToList();
            var qb = queries.Select(q => q.Base).Where(b => b is not null).Distinct().ToList();
            if (kb.Count > 1) (keys, kb) = Combine(keys, kb!, fusion, reader, selector);
            if (qb.Count > 1) (queries, qb) = Combine(queries, qb!, fusion, reader, selector);
            var qBase = qb.SingleOrDefault();
            var kBase = kb.SingleOrDefault();
            var qs = qBase is null ? new[] { Value.None } : sets[qBase].Values;
            var ks = kBase is null ? new[] { Value.None } : sets[kBase].Values;
            // Each leaf's key and query values, computed once per base value.
            var leafIndex = leaves.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
            var kv = keys.Select(a => ks.Select(v => a.Function(v)).ToArray()).ToArray();
            var qv = queries.Select(a => qs.Select(v => a.Function(v)).ToArray()).ToArray();
            var table = new bool[ks.Count, qs.Count];
            if (conjunct.Expr is Select single)
            {
                if (!NumericTable(single.Predicate, kv[0], qv[0], table))
                    for (var j = 0; j < ks.Count; j++)
                        if (kv[0][j] is { } key)
                            for (var i = 0; i < qs.Count; i++)
                                table[j, i] = qv[0][i] is { } query && Holds(single.Predicate, key, query);
            }
            else
                for (var j = 0; j < ks.Count; j++)
                    for (var i = 0; i < qs.Count; i++)
                        table[j, i] = Eval(conjunct, leafIndex, kv, qv, i, j);
            tables.Add((qBase, kBase, table));
        }
        var merged = new List<(GraphNode? QBase, GraphNode? KBase, bool[,] Table)>();
        foreach (var t in tables)
        {
            var k = merged.FindIndex(m => m.QBase == t.QBase && m.KBase == t.KBase);
            if (k < 0) { merged.Add(t); continue; }
            var a = Dense.Flat(merged[k].Table);
            var b = Dense.Flat(t.Table);
            for (var i = 0; i < a.Length; i++) a[i] &= b[i];
        }

        var qDirs = new List<BasisDirection> { Residual.One, Residual.Bos };
        var kDirs = new List<BasisDirection> { Residual.One, Residual.Bos };
        var reads = new List<GraphNode>();
        var layout = new List<(bool[,] T, BasisDirection[]? Qd, BasisDirection[]? Kd)>();
        foreach (var (qBase, kBase, t) in merged)
        {
            var qs = qBase is null ? new[] { Value.None } : sets[qBase].Values;
            var ks = kBase is null ? new[] { Value.None } : sets[kBase].Values;
            var (dependsOnQ, dependsOnK) = Dependence(t);
            var qd = dependsOnQ ? qs.Select(v => Residual.Of(qBase!, v)).ToArray() : null;
            var kd = dependsOnK ? ks.Select(v => Residual.Of(kBase!, v)).ToArray() : null;
            if (qd is not null) { qDirs.AddRange(qd); reads.Add(qBase!); }
            if (kd is not null) { kDirs.AddRange(kd); reads.Add(kBase!); }
            layout.Add((t, qd, kd));
        }
        return (Form(new VectorSpace(qDirs), new VectorSpace(kDirs), layout, merged.Count - bosGap), reads.Distinct().ToList());
    }

    /// <summary>
    /// The score form: each table adds 1 at (query value, key value) where it holds (a table that does not depend on
    /// one side reads <c>one</c> there), one·bos scores <paramref name="bosScore"/> and bos·bos 1 (so BOS stays
    /// attendable from BOS). Query and key directions that no weight touches are left out of the spaces, as the
    /// residual pruner would drop them, and the weights are written key by key straight into the sparse form.
    /// </summary>
    private static BilinearForm Form(VectorSpace qFull, VectorSpace kFull, List<(bool[,] T, BasisDirection[]? Qd, BasisDirection[]? Kd)> layout, double bosScore)
    {
        const int one = 0, bos = 1;
        var parts = layout.Select(l => (l.T,
            Qi: l.Qd?.Select(qFull.IndexOf).ToArray() ?? new[] { one },
            Ki: l.Kd?.Select(kFull.IndexOf).ToArray() ?? new[] { one })).ToList();
        // Which directions some weight touches, and how many weights there are at most (exactly, unless tables overlap).
        var usedQ = new bool[qFull.Dimension];
        var usedK = new bool[kFull.Dimension];
        usedQ[one] = usedQ[bos] = usedK[bos] = true;
        var bound = 2;
        var byKey = new List<(int Part, int Row)>[kFull.Dimension];
        for (var p = 0; p < parts.Count; p++)
        {
            var (t, qi, ki) = parts[p];
            var anyInColumn = new byte[qi.Length];
            for (var j = 0; j < ki.Length; j++)
            {
                (byKey[ki[j]] ??= new()).Add((p, j));
                var row = MemoryMarshal.Cast<bool, byte>(Dense.Row(t, j)[..qi.Length]);
                var trues = row.Count((byte)1);
                if (trues == 0) continue;
                usedK[ki[j]] = true;
                bound += trues;
                TensorPrimitives.BitwiseOr(anyInColumn, row, anyInColumn);
            }
            for (var i = 0; i < qi.Length; i++) if (anyInColumn[i] != 0) usedQ[qi[i]] = true;
        }
        var qMap = ResidualPruner.Renumber(ResidualPruner.Indices(usedQ), usedQ.Length);
        var kKept = ResidualPruner.Indices(usedK);
        var query = new VectorSpace(qFull.Basis.Where((_, i) => usedQ[i]));
        var key = new VectorSpace(kKept.Select(k => kFull.Basis[k]));
        var target = parts.Select(p => p.Qi.Select(i => qMap[i]).ToArray()).ToList();

        // Every weight is 1 when BOS scores 1 and no two tables meet on a key: then only the positions are stored.
        var unit = bosScore == 1 && kKept.All(k => k == bos || byKey[k]!.Count == 1);
        var start = new int[key.Dimension + 1];
        var columns = new int[bound];
        var weights = unit ? null : new double[bound];
        var at = 0;
        double[]? acc = null;
        for (var r = 0; r < kKept.Length; r++)
        {
            var contributions = byKey[kKept[r]];
            if (kKept[r] == bos)
            {
                // Tables never read bos, so this row holds just the two BOS scores (one < bos in every query space).
                if (weights is not null)
                {
                    weights[at] = bosScore;
                    weights[at + 1] = 1;
                }
                columns[at++] = qMap[one];
                columns[at++] = qMap[bos];
            }
            else if (contributions!.Count == 1)
            {
                // One table's row: its true entries, already in ascending query order, each weighing 1.
                var (p, j) = contributions[0];
                var to = target[p];
                var row = Dense.Row(parts[p].T, j)[..to.Length];
                for (var i = row.IndexOf(true); i >= 0;)
                {
                    var run = row[i..].IndexOf(false);
                    if (run < 0) run = row.Length - i;
                    to.AsSpan(i, run).CopyTo(columns.AsSpan(at));
                    weights?.AsSpan(at, run).Fill(1);
                    at += run;
                    i += run;
                    var next = i < row.Length ? row[i..].IndexOf(true) : -1;
                    i = next < 0 ? -1 : i + next;
                }
            }
            else
            {
                // Several tables meet here: add their counts up, then keep the non-zero sums in query order.
                acc ??= new double[query.Dimension];
                foreach (var (p, j) in contributions)
                {
                    var to = target[p];
                    var row = Dense.Row(parts[p].T, j)[..to.Length];
                    for (var i = 0; i < row.Length; i++) if (row[i]) acc[to[i]] += 1;
                }
                for (var q = 0; q < acc.Length; q++)
                {
                    if (acc[q] == 0) continue;
                    columns[at] = q;
                    weights![at++] = acc[q];
                    acc[q] = 0;
                }
            }
            start[r + 1] = at;
        }
        Array.Resize(ref columns, at);
        if (weights is not null) Array.Resize(ref weights, at);
        return new BilinearForm(LinearMap.FromRows(query, key, start, columns, weights));
    }

    /// <summary>Whether a truth table [key, query] varies along its queries (within a key row) and along its keys
    /// (between key rows).</summary>
    private static (bool Query, bool Key) Dependence(bool[,] t)
    {
        bool query = false, key = false;
        var first = Dense.Row(t, 0);
        for (var j = 0; j < t.GetLength(0) && !(query && key); j++)
        {
            var row = Dense.Row(t, j);
            if (!query && row.ContainsAnyExcept(row[0])) query = true;
            if (!key && !row.SequenceEqual(first)) key = true;
        }
        return (query, key);
    }

    /// <summary>
    /// Fills the table of a comparison between numbers with plain double comparisons (the same order as
    /// <see cref="Value.CompareTotal"/>: integers are exact as doubles below 2^53); false when some value is not such
    /// a number (None, NaN, a string, a huge integer), and the general path decides.
    /// </summary>
    private static bool NumericTable(Predicate p, Value?[] keys, Value?[] queries, bool[,] table)
    {
        if (p.Comparison is not { } c || c is Comparison.True or Comparison.False) return false;
        static double[]? Numbers(Value?[] xs)
        {
            var r = new double[xs.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                if (xs[i] is not { IsNumeric: true } v) return null;
                var x = v.AsDouble();
                if (double.IsNaN(x) || Math.Abs(x) >= 9007199254740992.0) return null;
                r[i] = x;
            }
            return r;
        }
        if (Numbers(keys) is not { } k || Numbers(queries) is not { } q) return false;
        var ascending = true;
        for (var i = 1; i < q.Length && ascending; i++) ascending = q[i - 1] <= q[i];
        for (var j = 0; j < k.Length; j++)
        {
            var key = k[j];
            var row = Dense.Row(table, j);
            if (ascending)
            {
                // Queries in ascending order: the queries equal to the key are one run [lo, hi), and every comparison
                // holds on a run (or, for ≠, outside one).
                int lo = FirstAtLeast(q, key, strict: false), hi = FirstAtLeast(q, key, strict: true);
                switch (c)
                {
                    case Comparison.Eq: row[lo..hi].Fill(true); break;
                    case Comparison.Neq: row[..lo].Fill(true); row[hi..].Fill(true); break;
                    case Comparison.Lt: row[hi..].Fill(true); break;
                    case Comparison.Leq: row[lo..].Fill(true); break;
                    case Comparison.Gt: row[..lo].Fill(true); break;
                    default: row[..hi].Fill(true); break;
                }
                continue;
            }
            switch (c)
            {
                case Comparison.Eq: for (var i = 0; i < q.Length; i++) row[i] = key == q[i]; break;
                case Comparison.Neq: for (var i = 0; i < q.Length; i++) row[i] = key != q[i]; break;
                case Comparison.Lt: for (var i = 0; i < q.Length; i++) row[i] = key < q[i]; break;
                case Comparison.Leq: for (var i = 0; i < q.Length; i++) row[i] = key <= q[i]; break;
                case Comparison.Gt: for (var i = 0; i < q.Length; i++) row[i] = key > q[i]; break;
                default: for (var i = 0; i < q.Length; i++) row[i] = key >= q[i]; break;
            }
        }
        return true;
    }

    /// <summary>In ascending <paramref name="xs"/>, the first index whose value is ≥ <paramref name="x"/> (&gt; when
    /// <paramref name="strict"/>), or the length.</summary>
    private static int FirstAtLeast(double[] xs, double x, bool strict)
    {
        int lo = 0, hi = xs.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (strict ? xs[mid] <= x : xs[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Reads several bases through one materialised tuple of them: each leaf picks its component.</summary>
    private static (List<CategoricalAccess>, List<GraphNode?>) Combine(List<CategoricalAccess> accesses, List<GraphNode?> bases,
        MapFusion fusion, GraphNode reader, GraphNode selector)
    {
        var list = bases.Select(b => b!).ToList();
        long size = list.Aggregate(1L, (a, b) => a * Math.Max(1, fusion.SetOf(b).Values.Count));
        if (size > MapFusion.FusionBudget)
            throw new UserError($"selector {selector.Describe()} of {reader.Describe()} combines selects over {string.Join(", ", list.Select(b => $"'{b.Label}'"))} with or/not, which needs a tuple of {size} values (more than {MapFusion.FusionBudget}); rule: one head scores a conjunction (and) of conditions, each on one key s-op and one query s-op");
        var (tuple, components) = fusion.Tuple(list, reader);
        var remapped = accesses.Select(a =>
        {
            if (a.Base is null) return a;
            var index = list.IndexOf(a.Base);
            return new CategoricalAccess(tuple, v => a.Function(components[v][index]));
        }).ToList();
        return (remapped, new List<GraphNode?> { tuple });
    }

    private static IEnumerable<GraphNode> Leaves(GraphNode s) =>
        s.Expr is Select ? new[] { s } : s.Children.SelectMany(Leaves);

    private static bool Eval(GraphNode s, Dictionary<GraphNode, int> leaf, Value?[][] kv, Value?[][] qv, int i, int j)
    {
        switch (s.Expr)
        {
            case Select select:
            {
                var l = leaf[s];
                if (kv[l][j] is not { } key || qv[l][i] is not { } query) return false;
                return Holds(select.Predicate, key, query);
            }
            case SelectorAnd: return Eval(s.Children[0], leaf, kv, qv, i, j) && Eval(s.Children[1], leaf, kv, qv, i, j);
            case SelectorOr: return Eval(s.Children[0], leaf, kv, qv, i, j) || Eval(s.Children[1], leaf, kv, qv, i, j);
            case SelectorNot: return !Eval(s.Children[0], leaf, kv, qv, i, j);
            default: throw new InvalidOperationException($"unknown selector {s}");
        }
    }

    /// <summary>The predicate on one key/query pair; a failing comparison (None, mixed types) selects nothing.
    /// Numeric comparisons take a fast path with the same results as Python's.</summary>
    private static bool Holds(Predicate p, Value key, Value query)
    {
        if (p.Comparison is { } c && key.IsNumeric && query.IsNumeric && c is not (Comparison.True or Comparison.False))
        {
            var cmp = Value.CompareTotal(key, query);
            if (double.IsNaN(key.AsDouble()) || double.IsNaN(query.AsDouble())) return c == Comparison.Neq;
            return c switch
            {
                Comparison.Eq => cmp == 0, Comparison.Neq => cmp != 0, Comparison.Lt => cmp < 0,
                Comparison.Leq => cmp <= 0, Comparison.Gt => cmp > 0, _ => cmp >= 0,
            };
        }
        try { return p.Holds(key, query); }
        catch (RaspError) { return false; }
    }

    /// <summary>The head of a categorical aggregate: W_OV copies each value's one-hot to the output's one-hot;
    /// BOS maps to the default (None: nothing).</summary>
    public static (AttentionHead Head, List<GraphNode> Reads) Aggregate(GraphNode node, MapFusion fusion, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var agg = (Aggregate)node.Expr;
        var (qk, reads) = Scores(node.Children[0], node, fusion, sets, 0.5);
        var value = CategoricalAccess.For(node.Children[1], fusion, "aggregated s-op", node);
        var ov = new WeightBuilder().Column(Residual.Bos);
        foreach (var d in Residual.Directions(node, sets[node])) ov.Row(d);
        foreach (var v in value.Domain(sets))
        {
            var src = value.Base is null ? Residual.One : Residual.Of(value.Base, v);
            ov.Column(src);
            if (value.Function(v) is { IsNone: false } outValue) ov.Add(Residual.Of(node, outValue), src, 1);
        }
        if (!agg.Default.IsNone) ov.Add(Residual.Of(node, agg.Default), Residual.Bos, 1);
        if (value.Base is not null) reads.Add(value.Base);
        return (new AttentionHead(node.Label, qk, ov.ToLinearMap()), reads.Distinct().ToList());
    }
}
