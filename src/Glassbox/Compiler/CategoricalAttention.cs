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

        // One truth table per (query base, key base) pair; conditions on the same pair are AND-ed.
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
            var table = new bool[qs.Count, ks.Count];
            if (conjunct.Expr is Select single)
            {
                if (!NumericTable(single.Predicate, kv[0], qv[0], table))
                    for (var i = 0; i < qs.Count; i++)
                        if (qv[0][i] is { } query)
                            for (var j = 0; j < ks.Count; j++)
                                table[i, j] = kv[0][j] is { } key && Holds(single.Predicate, key, query);
            }
            else
                for (var i = 0; i < qs.Count; i++)
                    for (var j = 0; j < ks.Count; j++)
                        table[i, j] = Eval(conjunct, leafIndex, kv, qv, i, j);
            tables.Add((qBase, kBase, table));
        }
        var merged = new List<(GraphNode? QBase, GraphNode? KBase, bool[,] Table)>();
        foreach (var t in tables)
        {
            var k = merged.FindIndex(m => m.QBase == t.QBase && m.KBase == t.KBase);
            if (k < 0) { merged.Add(t); continue; }
            var a = merged[k].Table;
            for (var i = 0; i < a.GetLength(0); i++)
                for (var j = 0; j < a.GetLength(1); j++) a[i, j] &= t.Table[i, j];
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
        var qSpace = new VectorSpace(qDirs);
        var kSpace = new VectorSpace(kDirs);
        var w = new double[qSpace.Dimension, kSpace.Dimension];
        int one = 0, bos = 1;
        foreach (var (t, qd, kd) in layout)
        {
            var qi = qd?.Select(qSpace.IndexOf).ToArray() ?? new[] { one };
            var ki = kd?.Select(kSpace.IndexOf).ToArray() ?? new[] { one };
            for (var i = 0; i < qi.Length; i++)
                for (var j = 0; j < ki.Length; j++)
                    if (t[i, j]) w[qi[i], ki[j]] += 1;
        }
        w[one, bos] += merged.Count - bosGap;
        w[bos, bos] += 1;
        return (new BilinearForm(qSpace, kSpace, w), reads.Distinct().ToList());
    }

    /// <summary>Whether a truth table [query, key] varies along its query rows and along its key columns.</summary>
    private static (bool Query, bool Key) Dependence(bool[,] t)
    {
        int rows = t.GetLength(0), cols = t.GetLength(1);
        bool query = false, key = false;
        for (var i = 0; i < rows && !(query && key); i++)
            for (var j = 0; j < cols; j++)
            {
                if (t[i, j] != t[i, 0]) key = true;
                if (t[i, j] != t[0, j]) query = true;
                if (query && key) break;
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
        for (var i = 0; i < q.Length; i++)
        {
            var query = q[i];
            for (var j = 0; j < k.Length; j++)
            {
                var key = k[j];
                table[i, j] = c switch
                {
                    Comparison.Eq => key == query, Comparison.Neq => key != query, Comparison.Lt => key < query,
                    Comparison.Leq => key <= query, Comparison.Gt => key > query, _ => key >= query,
                };
            }
        }
        return true;
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
