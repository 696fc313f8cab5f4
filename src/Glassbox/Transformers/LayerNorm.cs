using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>Layer norm with scale γ and offset β (both d×1), applied to each column (Algorithm 6).</summary>
public sealed class LayerNorm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a layer norm from explicit parameters.</summary>
    public LayerNorm(Tensor<T> gamma, Tensor<T> beta, double epsilon = 0.0)
    {
        if (gamma.Columns != 1 || !gamma.SameShape(beta))
            throw new ArgumentException($"layer norm: γ is {gamma.Rows}×{gamma.Columns} and β is {beta.Rows}×{beta.Columns}; both must be d×1");
        Gamma = gamma;
        Beta = beta;
        Epsilon = epsilon;
    }

    /// <summary>The identity-initialised layer norm of width <paramref name="d"/> (γ = 1, β = 0).</summary>
    public LayerNorm(int d, double epsilon = 0.0) : this(Tensor<T>.Filled(d, 1, T.One), new Tensor<T>(d, 1), epsilon) { }

    /// <summary>γ ∈ ℝ^d (d×1).</summary>
    public Tensor<T> Gamma { get; }

    /// <summary>β ∈ ℝ^d (d×1).</summary>
    public Tensor<T> Beta { get; }

    /// <summary>ε added to the variance; the paper has 0, trained models use a small value for stability.</summary>
    public double Epsilon { get; }

    /// <summary>Width d.</summary>
    public int Dimension => Gamma.Rows;

    /// <summary>The trainable parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters(string prefix)
    {
        yield return (prefix + ".w", Gamma);
        yield return (prefix + ".b", Beta);
    }

    /// <summary>
    /// Algorithm 6, layer_norm(e | γ, β), on every column of <paramref name="e"/>: m = Σ e[i]/d,
    /// v = Σ (e[i] − m)²/d, ê = (e − m)/√v ⊙ γ + β.
    /// </summary>
    public Tensor<T> Apply(Tensor<T> e)
    {
        var result = new Tensor<T>(e.Rows, e.Columns);
        Kernels.LayerNormColumns(e, Gamma, Beta, result, Epsilon);
        return result;
    }

    internal void Forward(Tensor<T> x, Tensor<T> y, Workspace<T> ws)
    {
        var xhat = ws.Get(this, "xhat", x.Rows, x.Columns);
        var rstd = ws.GetArray(this, "rstd", x.Columns);
        Kernels.LayerNormColumns(x, Gamma, Beta, y, Epsilon, xhat, rstd);
    }

    /// <summary>Given dL/dy, accumulates dL/dγ, dL/dβ and writes dL/dx into <paramref name="dx"/> (may alias dy).</summary>
    internal void Backward(Tensor<T> dy, Tensor<T> dx, Gradients<T> grads, Workspace<T> ws)
    {
        int d = dy.Rows, n = dy.Columns;
        var xhat = ws.Get(this, "xhat", d, n);
        var rstd = ws.GetArray(this, "rstd", n);
        var dGamma = grads.Of(Gamma).Span;
        var dBeta = grads.Of(Beta).Span;
        var gamma = Gamma.Span;
        var g = ws.GetArray(this, "g", d).AsSpan(0, d);
        T dT = T.CreateChecked(d);
        for (int t = 0; t < n; t++)
        {
            var dyc = dy.Column(t);
            var xc = xhat.Column(t);
            for (int i = 0; i < d; i++)
            {
                dGamma[i] += dyc[i] * xc[i];
                dBeta[i] += dyc[i];
            }
            TensorPrimitives.Multiply<T>(dyc, gamma, g);
            T meanG = TensorPrimitives.Sum<T>(g) / dT;
            T meanGx = TensorPrimitives.Dot<T>(g, xc) / dT;
            var dxc = dx.Column(t);
            for (int i = 0; i < d; i++) dxc[i] = rstd[t] * (g[i] - meanG - xc[i] * meanGx);
        }
    }
}
