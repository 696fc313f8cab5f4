using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Column-wise softmax (the paper's convention: each column — one query — is normalised over the rows, the
    /// context/key positions). −∞ entries (masked) give exactly 0. Gradient per column: y ⊙ (g − yᵀg).
    /// </summary>
    public static Var<T> SoftmaxColumns<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(x.Rows, x.Columns);
        Kernels.SoftmaxColumns(x.Value, value);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var dx = x.GradOrCreate();
            for (int j = 0; j < value.Columns; j++)
            {
                var y = value.Column(j);
                var gj = g.Column(j);
                T dot = TensorPrimitives.Dot<T>(y, gj);
                var dj = dx.Column(j);
                for (int i = 0; i < y.Length; i++) dj[i] += y[i] * (gj[i] - dot);
            }
        }, x);
    }

    /// <summary>
    /// Column-wise log-softmax: x[:, t] − log Σ exp x[:, t] (log-probabilities of the paper's P = softmax(W_u X)).
    /// Gradient per column: g − softmax(x)·Σg.
    /// </summary>
    public static Var<T> LogSoftmaxColumns<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(x.Rows, x.Columns);
        Kernels.LogSoftmaxColumns(x.Value, value);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var dx = x.GradOrCreate();
            for (int j = 0; j < value.Columns; j++)
            {
                var y = value.Column(j);
                var gj = g.Column(j);
                T sum = TensorPrimitives.Sum<T>(gj);
                var dj = dx.Column(j);
                for (int i = 0; i < y.Length; i++) dj[i] += gj[i] - T.Exp(y[i]) * sum;
            }
        }, x);
    }

    /// <summary>
    /// Masking before a softmax (Algorithm 4): S[t_z, t_x] ← −∞ wherever <paramref name="keep"/>[t_z, t_x] is false.
    /// <paramref name="keep"/> is indexed [row, column] = [context/key position, query position]. No gradient flows
    /// into masked entries.
    /// </summary>
    public static Var<T> Mask<T>(Var<T> scores, bool[,] keep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (keep.GetLength(0) != scores.Rows || keep.GetLength(1) != scores.Columns)
            throw new ArgumentException($"Mask: mask is {keep.GetLength(0)}×{keep.GetLength(1)}, scores are {scores.Rows}×{scores.Columns}");
        var value = scores.Value.Clone();
        for (int j = 0; j < value.Columns; j++)
        {
            var col = value.Column(j);
            for (int i = 0; i < col.Length; i++)
                if (!keep[i, j]) col[i] = T.NegativeInfinity;
        }
        return Output(value, g =>
        {
            if (!scores.RequiresGrad) return;
            var d = scores.GradOrCreate();
            for (int j = 0; j < g.Columns; j++)
            {
                var gj = g.Column(j);
                var dj = d.Column(j);
                for (int i = 0; i < gj.Length; i++)
                    if (keep[i, j]) dj[i] += gj[i];
            }
        }, scores);
    }

    /// <summary>The unidirectional (causal) mask of the paper: keep[t_z, t_x] = [[t_z ≤ t_x]] for an ℓ_z×ℓ_x score matrix.</summary>
    public static bool[,] CausalMask(int contextLength, int queryLength)
    {
        var keep = new bool[contextLength, queryLength];
        for (int tz = 0; tz < contextLength; tz++)
            for (int tx = 0; tx < queryLength; tx++)
                keep[tz, tx] = tz <= tx;
        return keep;
    }

    /// <summary>
    /// Layer norm of every column (Algorithm 6): (e − mean)/√(biased variance + ε) ⊙ γ + β. The paper uses
    /// ε = 0. γ and β are d×1 (either may be null: 1 and 0). Gradient per column with x̂ the normalised column and
    /// r = 1/√(v+ε): ∂x = r·(ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂)), ĝ = g ⊙ γ; ∂γ = Σ_t g ⊙ x̂; ∂β = Σ_t g.
    /// </summary>
    public static Var<T> LayerNormColumns<T>(Var<T> x, Var<T>? gamma, Var<T>? beta, double epsilon = 0.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Rows, n = x.Columns;
        var value = new Tensor<T>(d, n);
        var normalized = new Tensor<T>(d, n);
        var inverseStd = new T[n];
        Kernels.LayerNormColumns(x.Value, gamma?.Value, beta?.Value, value, epsilon, normalized, inverseStd);
        return Output(value, g =>
        {
            if (beta is { RequiresGrad: true }) Kernels.SumOfColumns(g, beta.GradOrCreate(), accumulate: true);
            if (gamma is { RequiresGrad: true })
            {
                var gg = gamma.GradOrCreate().Span;
                for (int j = 0; j < n; j++)
                {
                    var gj = g.Column(j);
                    var xh = normalized.Column(j);
                    for (int i = 0; i < d; i++) gg[i] += gj[i] * xh[i];
                }
            }
            if (!x.RequiresGrad) return;
            var dx = x.GradOrCreate();
            var gh = new T[d];
            T dT = T.CreateChecked(d);
            for (int j = 0; j < n; j++)
            {
                var gj = g.Column(j);
                if (gamma is null) gj.CopyTo(gh); else TensorPrimitives.Multiply<T>(gj, gamma.Value.Span, gh);
                var xh = normalized.Column(j);
                T meanG = TensorPrimitives.Sum<T>(gh) / dT;
                T meanGX = TensorPrimitives.Dot<T>(gh, xh) / dT;
                T r = inverseStd[j];
                var dj = dx.Column(j);
                for (int i = 0; i < d; i++) dj[i] += r * (gh[i] - meanG - xh[i] * meanGX);
            }
        }, x, gamma, beta);
    }
}
