using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// MLPs for elementwise nodes that read a numerical quantity z (a numerical s-op or a linear form of several).
/// A linear node is computed exactly as <c>ReLU(z) − ReLU(−z)</c>. Otherwise z is discretised on its finite value
/// set z_0 &lt; … &lt; z_{n−1}: for each threshold t_k = (z_{k−1}+z_k)/2 where the result changes, the pair
/// <c>ReLU(L_k(z − t_k) + 1) − ReLU(L_k(z − t_k))</c> is a step that is exactly 0 below and 1 above, with its own
/// slope L_k = 4/(z_k − z_{k−1}) (Tracr uses one L = 100 for all, which is wrong from width 10 on). The output
/// telescopes over the steps. Categorical inputs gate each step: a step for input combination p is pushed far below
/// zero unless all of p's one-hots are active. A −K·bos term keeps every unit off at BOS.
/// </summary>
public static class NumericalMlp
{
    /// <summary>Builds the MLP computing <paramref name="e"/>'s node.</summary>
    public static Mlp Build(FusedExpr e, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var node = e.Node;
        var num = e.Numeric ?? throw new ArgumentException("expression has no numerical input", nameof(e));
        var first = new WeightBuilder();
        var second = new WeightBuilder();
        foreach (var d in Residual.Directions(node, sets[node])) second.Row(d);
        var unit = 0;
        BasisDirection Hidden() => new($"{node.Label}_hidden", unit++);
        var zBound = num.Terms.Sum(t => Math.Abs(t.Coefficient)) + Math.Abs(num.Constant) + 1;

        // z·scale + offset·one as weights into hidden unit h, plus the BOS guard.
        void AddZ(BasisDirection h, double scale, double offset, double bosGuard)
        {
            foreach (var t in num.Terms) first.Add(h, Residual.Of(t.Base), scale * t.Coefficient);
            first.Add(h, Residual.One, scale * num.Constant + offset);
            if (bosGuard != 0) first.Add(h, Residual.Bos, -bosGuard);
        }

        void Write(BasisDirection h, Value? y, double scale)
        {
            first.Row(h);
            second.Column(h);
            if (y is not { IsNone: false } v) return;
            if (node.IsNumerical) CategoricalMlp.Numeric(node, v);
            var vec = new Dictionary<BasisDirection, double>();
            Residual.AddValue(vec, node, v, scale);
            foreach (var (d, w) in vec) second.Add(d, h, w);
        }

        if (e.IsLinear)
        {
            var pos = Hidden();
            var neg = Hidden();
            AddZ(pos, 1, 0, 0);
            AddZ(neg, -1, 0, 0);
            Write(pos, 1.0, 1);
            Write(neg, 1.0, -1);
            return CategoricalMlp.Finish(node, first, second);
        }

        var zs = num.Values;
        if (zs.Length == 0) return CategoricalMlp.Finish(node, first, second);
        var cats = e.CategoricalBases;
        var m = cats.Count;
        var span = zs[^1] - zs[0];
        foreach (var combo in CategoricalMlp.Combos(cats, sets))
        {
            var outs = zs.Select(z => e.Evaluate(combo, z)).ToArray();

            void Gate(BasisDirection h, double strength)
            {
                for (var i = 0; i < m; i++) first.Add(h, Residual.Of(cats[i], combo[i]), strength);
                first.Add(h, Residual.One, -strength * m);
            }

            // Start unit: the value at z_0 whenever the combination is active.
            var start = Hidden();
            for (var i = 0; i < m; i++) first.Add(start, Residual.Of(cats[i], combo[i]), 1);
            first.Add(start, Residual.One, m == 0 ? 1 : -(m - 1));
            Write(start, outs[0], 1);

            for (var k = 1; k < zs.Length; k++)
            {
                if (SameOutput(outs[k], outs[k - 1])) continue;
                var t = (zs[k - 1] + zs[k]) / 2;
                var slope = 4 / (zs[k] - zs[k - 1]);
                var gate = slope * (span + zBound) + 2;
                var guard = slope * zBound + gate * m + 2;
                var h0 = Hidden();
                var h1 = Hidden();
                AddZ(h0, slope, -slope * t + 1, guard);
                AddZ(h1, slope, -slope * t, guard);
                if (m > 0) { Gate(h0, gate); Gate(h1, gate); }
                // (h0 − h1) steps from 0 to 1 at t: add out_k − out_{k−1}.
                Write(h0, outs[k], 1);
                Write(h1, outs[k], -1);
                Write(h0, outs[k - 1], -1);
                Write(h1, outs[k - 1], 1);
            }
        }
        return CategoricalMlp.Finish(node, first, second);
    }

    private static bool SameOutput(Value? a, Value? b)
    {
        if (a is not { } x || x.IsNone) return b is not { } y0 || y0.IsNone;
        if (b is not { } y || y.IsNone) return false;
        return x.Equals(y);
    }
}
