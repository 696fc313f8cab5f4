using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// Gradient accumulators, one per parameter tensor (keyed by the tensor object itself). Backward passes add into
/// <see cref="Of"/>; the optimiser reads them and <see cref="Clear"/> zeroes them for the next step.
/// </summary>
public sealed class Gradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Tensor<T>, Tensor<T>> _grads = new(ReferenceEqualityComparer.Instance);

    /// <summary>The gradient of <paramref name="parameter"/> (created as zeros on first use).</summary>
    public Tensor<T> Of(Tensor<T> parameter)
    {
        if (!_grads.TryGetValue(parameter, out var g))
            _grads[parameter] = g = new Tensor<T>(parameter.Rows, parameter.Columns);
        return g;
    }

    /// <summary>True when a gradient for <paramref name="parameter"/> has been created.</summary>
    public bool Has(Tensor<T> parameter) => _grads.ContainsKey(parameter);

    /// <summary>Sets every gradient to zero.</summary>
    public void Clear()
    {
        foreach (var g in _grads.Values) g.Clear();
    }

    /// <summary>√(Σ g²) over all gradients.</summary>
    public double GlobalNorm()
    {
        double s = 0;
        foreach (var g in _grads.Values)
            foreach (var v in g.Span) { double x = double.CreateChecked(v); s += x * x; }
        return Math.Sqrt(s);
    }

    /// <summary>Multiplies every gradient by <paramref name="factor"/>.</summary>
    public void Scale(double factor)
    {
        var f = T.CreateChecked(factor);
        foreach (var g in _grads.Values) Kernels.Scale(g, f, g);
    }
}
