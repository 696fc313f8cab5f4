namespace Glassbox.Craft;

/// <summary>
/// Runs a craft model on a sequence of residual vectors (one per position, position 0 being BOS for compiled
/// models). Attention is hard: a query averages the values of every key whose score ties the maximum (within
/// <see cref="TieTolerance"/>); with <c>causal</c>, query i only sees keys j ≤ i. This is the craft-level reference
/// the assembled engine model is checked against.
/// </summary>
public static class CraftEvaluator
{
    /// <summary>Scores closer than this to the maximum count as ties.</summary>
    public const double TieTolerance = 1e-9;

    /// <summary>Runs every layer and returns the final residual vectors.</summary>
    public static Vector[] Run(CraftModel model, IReadOnlyList<Vector> input, bool causal = false)
    {
        var x = input.Select(v => v.Project(model.Residual)).ToArray();
        foreach (var layer in model.Layers)
        {
            if (layer.Heads.Count > 0)
            {
                var deltas = x.Select(_ => model.Residual.Zero()).ToArray();
                foreach (var head in layer.Heads)
                {
                    var outs = ApplyHead(head, x, causal);
                    for (var p = 0; p < x.Length; p++) deltas[p] = deltas[p] + outs[p].Project(model.Residual);
                }
                for (var p = 0; p < x.Length; p++) x[p] = x[p] + deltas[p];
            }
            if (layer.Mlps.Count > 0)
            {
                var next = new Vector[x.Length];
                for (var p = 0; p < x.Length; p++)
                {
                    var sum = x[p];
                    foreach (var mlp in layer.Mlps) sum = sum + mlp.Apply(x[p]).Project(model.Residual);
                    next[p] = sum;
                }
                x = next;
            }
        }
        return x;
    }

    /// <summary>One hard-attention head over all positions: output[i] = mean of W_OV·x[j] over the argmax keys j.</summary>
    public static Vector[] ApplyHead(AttentionHead head, IReadOnlyList<Vector> x, bool causal)
    {
        var n = x.Count;
        var values = x.Select(head.OV.Apply).ToArray();
        var result = new Vector[n];
        for (var q = 0; q < n; q++)
        {
            var last = causal ? q : n - 1;
            var scores = new double[last + 1];
            var max = double.NegativeInfinity;
            for (var k = 0; k <= last; k++)
            {
                scores[k] = head.QK.Apply(x[q], x[k]);
                max = Math.Max(max, scores[k]);
            }
            var acc = head.OV.Output.Zero();
            var count = 0;
            for (var k = 0; k <= last; k++)
            {
                if (scores[k] < max - TieTolerance) continue;
                acc = acc + values[k];
                count++;
            }
            result[q] = (1.0 / count) * acc;
        }
        return result;
    }
}
