using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// MLPs for elementwise nodes whose inputs are all categorical: lookup tables. One input: a hidden unit per output
/// value (categorical output) or a positive and a negative unit (numerical output, so negative results are kept,
/// unlike Tracr's clipping ReLU). Several inputs: one AND unit per input combination,
/// <c>ReLU(Σ one-hots − (m−1)·one)</c>. Undefined (None) results write nothing, so they decode as None.
/// </summary>
public static class CategoricalMlp
{
    /// <summary>Builds the MLP computing <paramref name="e"/>'s node.</summary>
    public static Mlp Build(FusedExpr e, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var node = e.Node;
        var first = new WeightBuilder();
        var second = new WeightBuilder();
        foreach (var d in Residual.Directions(node, sets[node])) second.Row(d);
        var unit = 0;
        BasisDirection Hidden() => new($"{node.Label}_hidden", unit++);

        void Write(BasisDirection h, Value y, double scale)
        {
            var vec = new Dictionary<BasisDirection, double>();
            Residual.AddValue(vec, node, y, scale);
            first.Row(h);
            second.Column(h);
            foreach (var (d, w) in vec) second.Add(d, h, w);
        }

        var cats = e.CategoricalBases;
        if (cats.Count == 0)
        {
            if (e.Evaluate(Array.Empty<Value>(), null) is { } y)
            {
                var h = Hidden();
                first.Add(h, Residual.One, 1);
                Write(h, y, 1);
            }
        }
        else if (cats.Count == 1 && !node.IsNumerical)
        {
            var groups = new Dictionary<Value, BasisDirection>();
            foreach (var v in sets[cats[0]].Values)
            {
                if (e.Evaluate(new[] { v }, null) is not { IsNone: false } y) continue;
                if (!groups.TryGetValue(y, out var h))
                {
                    h = Hidden();
                    groups[y] = h;
                    Write(h, y, 1);
                }
                first.Add(h, Residual.Of(cats[0], v), 1);
            }
        }
        else if (cats.Count == 1)
        {
            var pos = Hidden();
            var neg = Hidden();
            foreach (var v in sets[cats[0]].Values)
            {
                if (e.Evaluate(new[] { v }, null) is not { IsNone: false } y) continue;
                var x = Numeric(node, y);
                if (x > 0) first.Add(pos, Residual.Of(cats[0], v), x);
                if (x < 0) first.Add(neg, Residual.Of(cats[0], v), -x);
            }
            Write(pos, 1.0, 1);
            Write(neg, 1.0, -1);
        }
        else
        {
            foreach (var combo in Combos(cats, sets))
            {
                if (e.Evaluate(combo, null) is not { IsNone: false } y) continue;
                if (node.IsNumerical && Numeric(node, y) == 0) continue;
                var h = Hidden();
                for (var i = 0; i < cats.Count; i++) first.Add(h, Residual.Of(cats[i], combo[i]), 1);
                first.Add(h, Residual.One, -(cats.Count - 1));
                Write(h, y, 1);
            }
        }
        return Finish(node, first, second);
    }

    /// <summary>Every combination of values of <paramref name="bases"/>.</summary>
    internal static IEnumerable<Value[]> Combos(IReadOnlyList<GraphNode> bases, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var lists = bases.Select(b => sets[b].Values).ToList();
        if (lists.Any(l => l.Count == 0)) yield break;
        var idx = new int[lists.Count];
        while (true)
        {
            yield return idx.Select((k, i) => lists[i][k]).ToArray();
            var j = lists.Count - 1;
            while (j >= 0 && ++idx[j] == lists[j].Count) { idx[j] = 0; j--; }
            if (j < 0) yield break;
        }
    }

    /// <summary>A numerical node's value as a number; refuses non-numbers by name.</summary>
    internal static double Numeric(GraphNode node, Value y) =>
        y.IsNumeric ? y.AsDouble() : throw new UserError($"numerical s-op {node.Describe()} takes the non-numeric value {y.Repr()}; rule: a numerical s-op holds numbers");

    /// <summary>Assembles the two layers over the hidden units both builders declared.</summary>
    internal static Mlp Finish(GraphNode node, WeightBuilder first, WeightBuilder second)
    {
        var l1 = first.ToLinearMap();
        var l2Raw = second.ToLinearMap();
        var l2 = second.ToLinearMap(l1.Output, l2Raw.Output);
        return new Mlp(node.Label, l1, l2);
    }
}
