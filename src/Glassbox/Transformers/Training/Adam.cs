using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers.Training;

/// <summary>
/// Adam with decoupled weight decay (AdamW) and global-norm gradient clipping. Weight decay applies to matrices
/// that read or write the residual (not to biases, layer-norm parameters or embeddings).
/// </summary>
public sealed class Adam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (string Name, Tensor<T> Value, Tensor<T> M, Tensor<T> V, bool Decay)[] _params;
    private int _step;

    /// <summary>Creates the optimiser for the given named parameters.</summary>
    public Adam(IEnumerable<(string Name, Tensor<T> Value)> parameters, double beta1 = 0.9, double beta2 = 0.98, double epsilon = 1e-8,
        double weightDecay = 0.0, double clipNorm = 1.0)
    {
        _params = parameters.Select(p => (p.Name, p.Value, new Tensor<T>(p.Value.Rows, p.Value.Columns), new Tensor<T>(p.Value.Rows, p.Value.Columns),
            p.Value.Columns > 1 && p.Value.Rows > 1 && !p.Name.StartsWith("embed") && !p.Name.StartsWith("pos_embed"))).ToArray();
        Beta1 = beta1; Beta2 = beta2; Epsilon = epsilon; WeightDecay = weightDecay; ClipNorm = clipNorm;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }
    /// <summary>β₂.</summary>
    public double Beta2 { get; }
    /// <summary>ε.</summary>
    public double Epsilon { get; }
    /// <summary>Decoupled weight decay λ (θ ← θ − η λ θ each step).</summary>
    public double WeightDecay { get; }
    /// <summary>Gradients are rescaled so their global norm is at most this (0 = no clipping).</summary>
    public double ClipNorm { get; }
    /// <summary>Steps taken.</summary>
    public int StepCount => _step;

    /// <summary>One update with learning rate η; clips the gradients first. Returns the gradient norm before clipping.</summary>
    public double Step(Gradients<T> grads, double learningRate)
    {
        double norm = grads.GlobalNorm();
        double clip = ClipNorm > 0 && norm > ClipNorm ? ClipNorm / norm : 1.0;
        _step++;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        double b1 = Beta1, b2 = Beta2;
        foreach (var (_, value, m, v, decay) in _params)
        {
            if (!grads.Has(value)) continue;
            var g = grads.Of(value).Span;
            var w = value.Span;
            var ms = m.Span;
            var vs = v.Span;
            double wd = decay ? learningRate * WeightDecay : 0;
            for (int i = 0; i < w.Length; i++)
            {
                double gi = double.CreateChecked(g[i]) * clip;
                double mi = b1 * double.CreateChecked(ms[i]) + (1 - b1) * gi;
                double vi = b2 * double.CreateChecked(vs[i]) + (1 - b2) * gi * gi;
                ms[i] = T.CreateChecked(mi);
                vs[i] = T.CreateChecked(vi);
                double wi = double.CreateChecked(w[i]);
                wi -= learningRate * (mi / c1) / (Math.Sqrt(vi / c2) + Epsilon) + wd * wi;
                w[i] = T.CreateChecked(wi);
            }
        }
        return norm;
    }
}
