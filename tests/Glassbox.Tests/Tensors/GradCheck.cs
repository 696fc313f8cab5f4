using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

/// <summary>Compares autograd gradients with central finite differences in float64.</summary>
internal static class GradCheck
{
    /// <summary>
    /// Builds L = Σ f(inputs) ⊙ R (R a fixed random tensor, so every output entry matters), back-propagates, and
    /// returns the worst relative error ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂) over the inputs.
    /// </summary>
    public static double MaxRelativeError(Func<Var<double>[], Var<double>> f, int seed, params Tensor<double>[] inputs)
    {
        var parameters = inputs.Select(t => new Parameter<double>(t.Clone())).ToArray();
        Tensor<double> weights;
        using (var tape = new Tape<double>())
        {
            var y = f(parameters);
            weights = Tensor<double>.RandomNormal(y.Rows, y.Columns, seed + 1000);
            var loss = Ops.Sum(Ops.Multiply(y, weights));
            tape.Backward(loss);
        }

        double Loss(Tensor<double>[] xs)
        {
            var y = f(xs.Select(x => Var<double>.Constant(x)).ToArray()).Value;
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += y.Span[i] * weights.Span[i];
            return s;
        }

        double worst = 0;
        for (int k = 0; k < inputs.Length; k++)
        {
            var xs = inputs.Select(t => t.Clone()).ToArray();
            var numeric = new Tensor<double>(inputs[k].Rows, inputs[k].Columns);
            var span = xs[k].Span;
            for (int i = 0; i < span.Length; i++)
            {
                double original = span[i];
                double h = 1e-6 * Math.Max(1.0, Math.Abs(original));
                span[i] = original + h;
                double up = Loss(xs);
                span[i] = original - h;
                double down = Loss(xs);
                span[i] = original;
                numeric.Span[i] = (up - down) / (2 * h);
            }
            var analytic = parameters[k].Gradient;
            double diff = 0;
            for (int i = 0; i < numeric.Length; i++) diff += Math.Pow(analytic.Span[i] - numeric.Span[i], 2);
            double scale = Math.Max(analytic.Norm(), numeric.Norm());
            double rel = scale == 0 ? 0 : Math.Sqrt(diff) / scale;
            worst = Math.Max(worst, rel);
        }
        return worst;
    }

    /// <summary>Asserts the relative error is below 1e-6 (and that the gradient is not trivially zero).</summary>
    public static void Assert(Func<Var<double>[], Var<double>> f, int seed, params Tensor<double>[] inputs)
    {
        double error = MaxRelativeError(f, seed, inputs);
        Xunit.Assert.True(error < 1e-6, $"relative gradient error {error:E3} ≥ 1e-6");
    }
}
