using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Tensors;

/// <summary>How a loss over positions is combined.</summary>
public enum Reduction
{
    /// <summary>The sum over counted positions (the paper's training loss, Algorithms 11–13).</summary>
    Sum,

    /// <summary>The sum divided by the number of counted positions (0 when none is counted).</summary>
    Mean,
}

public static partial class Ops
{
    /// <summary>
    /// Cross-entropy from logits: −Σ_t log softmax(Z[:, t])[targets[t]] over the columns t whose target is not
    /// <paramref name="ignoreIndex"/>, summed or averaged; a 1×1 var. Z is N_V×ℓ (one column of logits per
    /// position). Gradient per counted column: softmax(Z[:, t]) − onehot(targets[t]) (÷ count for the mean).
    /// </summary>
    public static Var<T> CrossEntropy<T>(Var<T> logits, ReadOnlySpan<int> targets, Reduction reduction = Reduction.Sum, int ignoreIndex = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = logits.Value;
        if (targets.Length != z.Columns)
            throw new ArgumentException($"CrossEntropy: {targets.Length} targets for {z.Columns} columns of logits");
        var logProbs = new Tensor<T>(z.Rows, z.Columns);
        Kernels.LogSoftmaxColumns(z, logProbs);
        int[] target = targets.ToArray();
        T total = T.Zero;
        int count = 0;
        for (int t = 0; t < target.Length; t++)
        {
            if (target[t] == ignoreIndex) continue;
            if ((uint)target[t] >= (uint)z.Rows)
                throw new ArgumentOutOfRangeException(nameof(targets), $"target {target[t]} at position {t} is outside [0, {z.Rows})");
            total -= logProbs[target[t], t];
            count++;
        }
        T scale = reduction == Reduction.Mean && count > 0 ? T.One / T.CreateChecked(count) : T.One;
        var value = Tensor<T>.FromScalar(total * scale);
        return Output(value, g =>
        {
            if (!logits.RequiresGrad) return;
            T s = g.Scalar() * scale;
            var d = logits.GradOrCreate();
            for (int t = 0; t < target.Length; t++)
            {
                if (target[t] == ignoreIndex) continue;
                var lp = logProbs.Column(t);
                var dj = d.Column(t);
                for (int i = 0; i < lp.Length; i++) dj[i] += s * T.Exp(lp[i]);
                dj[target[t]] -= s;
            }
        }, logits);
    }
}
