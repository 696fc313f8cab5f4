using System.Numerics;

namespace Glassbox.Tensors;

public static partial class Ops
{
    /// <summary>ReLU(x) = max(x, 0); gradient 1 where x &gt; 0, else 0.</summary>
    public static Var<T> Relu<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(x.Rows, x.Columns);
        Kernels.Relu(x.Value, value);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var dx = x.GradOrCreate().Span;
            var xs = x.Value.Span;
            var gs = g.Span;
            for (int i = 0; i < xs.Length; i++)
                if (xs[i] > T.Zero) dx[i] += gs[i];
        }, x);
    }

    /// <summary>
    /// GELU(x) = x·Φ(x), exact or tanh-approximated. Gradient: Φ(x) + x·φ(x) (exact), or the derivative of
    /// ½x(1 + tanh u) with u = √(2/π)(x + 0.044715x³) (tanh).
    /// </summary>
    public static Var<T> Gelu<T>(Var<T> x, GeluApproximation approximation = GeluApproximation.None)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(x.Rows, x.Columns);
        Kernels.Gelu(x.Value, value, approximation);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var dx = x.GradOrCreate().Span;
            var xs = x.Value.Span;
            var gs = g.Span;
            for (int i = 0; i < xs.Length; i++)
            {
                double v = double.CreateChecked(xs[i]);
                double d;
                if (approximation == GeluApproximation.Tanh)
                {
                    const double k = 0.044715;
                    double t = Math.Tanh(Kernels.GeluTanhScale * (v + k * v * v * v));
                    d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * Kernels.GeluTanhScale * (1 + 3 * k * v * v);
                }
                else
                {
                    d = SpecialFunctions.NormalCdf(v) + v * SpecialFunctions.NormalPdf(v);
                }
                dx[i] += gs[i] * T.CreateChecked(d);
            }
        }, x);
    }
}
