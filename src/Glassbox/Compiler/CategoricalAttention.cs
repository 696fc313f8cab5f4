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
        var tables = new List<(CategoricalAccess? Q, CategoricalAccess? K, GraphNode? QBase, GraphNode? KBase, Func<Value, Value, bool> Holds)>();
        foreach (var conjunct in conjuncts)
        {
            var leaves = Leaves(conjunct).ToList();
            var keys = leaves.Select(l => CategoricalAccess.For(l.Children[0], fusion, "selector key", reader)).ToList();
            var queries = leaves.Select(l => CategoricalAccess.For(l.Children[1], fusion, "selector query", reader)).ToList();
            var kb = keys.Select(k => k.Base).Where(b => b is not null).Distinct().ToList();
            var qb = queries.Select(q => q.Base).Where(b => b is not null).Distinct().ToList();
            if (kb.Count > 1 || qb.Count > 1)
                throw new UserError($"selector {selector.Describe()} of {reader.Describe()} combines selects over different key or query s-ops with or/not; rule: one head scores a conjunction (and) of conditions, each on one key s-op and one query s-op");
            var access = leaves.Select((l, i) => (l, keys[i], queries[i])).ToDictionary(t => t.l, t => (K: t.Item2, Q: t.Item3));
            bool Holds(Value qv, Value kv) => Eval(conjunct, access, qv, kv);
            tables.Add((null, null, qb.SingleOrDefault(), kb.SingleOrDefault(), Holds));
        }
        var merged = tables.GroupBy(t => (t.QBase, t.KBase)).Select(g =>
        {
            var parts = g.Select(t => t.Holds).ToList();
            return (g.Key.QBase, g.Key.KBase, Holds: (Func<Value, Value, bool>)((q, k) => parts.All(p => p(q, k))));
        }).ToList();

        var w = new WeightBuilder().Row(Residual.One).Row(Residual.Bos).Column(Residual.One).Column(Residual.Bos);
        var reads = new List<GraphNode>();
        foreach (var (qBase, kBase, holds) in merged)
        {
            var qs = qBase is null ? new[] { Value.None } : sets[qBase].Values;
            var ks = kBase is null ? new[] { Value.None } : sets[kBase].Values;
            var t = new bool[qs.Count, ks.Count];
            for (var i = 0; i < qs.Count; i++) for (var j = 0; j < ks.Count; j++) t[i, j] = holds(qs[i], ks[j]);
            var dependsOnK = Enumerable.Range(0, qs.Count).Any(i => Enumerable.Range(0, ks.Count).Any(j => t[i, j] != t[i, 0]));
            var dependsOnQ = Enumerable.Range(0, ks.Count).Any(j => Enumerable.Range(0, qs.Count).Any(i => t[i, j] != t[0, j]));
            if (dependsOnQ && dependsOnK)
            {
                reads.Add(qBase!); reads.Add(kBase!);
                for (var i = 0; i < qs.Count; i++)
                    for (var j = 0; j < ks.Count; j++)
                        if (t[i, j]) w.Add(Residual.Of(qBase!, qs[i]), Residual.Of(kBase!, ks[j]), 1);
            }
            else if (dependsOnK)
            {
                reads.Add(kBase!);
                for (var j = 0; j < ks.Count; j++) if (t[0, j]) w.Add(Residual.One, Residual.Of(kBase!, ks[j]), 1);
            }
            else if (dependsOnQ)
            {
                reads.Add(qBase!);
                for (var i = 0; i < qs.Count; i++) if (t[i, 0]) w.Add(Residual.Of(qBase!, qs[i]), Residual.One, 1);
            }
            else if (t[0, 0]) w.Add(Residual.One, Residual.One, 1);
        }
        w.Add(Residual.One, Residual.Bos, merged.Count - bosGap);
        w.Add(Residual.Bos, Residual.Bos, 1);
        return (w.ToBilinearForm(), reads.Distinct().ToList());
    }

    private static IEnumerable<GraphNode> Leaves(GraphNode s) =>
        s.Expr is Select ? new[] { s } : s.Children.SelectMany(Leaves);

    private static bool Eval(GraphNode s, Dictionary<GraphNode, (CategoricalAccess K, CategoricalAccess Q)> access, Value qv, Value kv)
    {
        switch (s.Expr)
        {
            case Select select:
            {
                var (ka, qa) = access[s];
                if (ka.Function(kv) is not { } key || qa.Function(qv) is not { } query) return false;
                try { return select.Predicate.Holds(key, query); }
                catch (RaspError) { return false; }
            }
            case SelectorAnd: return Eval(s.Children[0], access, qv, kv) && Eval(s.Children[1], access, qv, kv);
            case SelectorOr: return Eval(s.Children[0], access, qv, kv) || Eval(s.Children[1], access, qv, kv);
            case SelectorNot: return !Eval(s.Children[0], access, qv, kv);
            default: throw new InvalidOperationException($"unknown selector {s}");
        }
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
