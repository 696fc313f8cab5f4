using Glassbox.Compiler;

namespace Glassbox.Lens.Compression;

/// <summary>One compression measured against its reference.</summary>
/// <param name="Dim">d, the compressed width.</param>
/// <param name="Accuracy">Fraction of reference inputs the compressed model (run on the engine) gets right at every position.</param>
/// <param name="Seconds">Training plus evaluation wall time.</param>
/// <param name="FinalLoss">The training loss of the learned projection over all inputs.</param>
/// <param name="Result">The learned compression.</param>
public sealed record CompressionPoint(int Dim, double Accuracy, double Seconds, double FinalLoss, CompressionResult Result);

/// <summary>Learns compressions of a compiled model and measures them against a <see cref="CompressionReference"/>.</summary>
public static class CompressionSweep
{
    /// <summary>The accuracy below which a sweep stops: the compression has collapsed.</summary>
    public const double CollapseAccuracy = 0.5;

    /// <summary>Accuracy a compression must reach to count as lossless in reports.</summary>
    public const double LosslessAccuracy = 0.99;

    /// <summary>The narrowest point of a sweep that reaches <see cref="LosslessAccuracy"/>, or the first point when none does.</summary>
    public static CompressionPoint Smallest(IReadOnlyList<CompressionPoint> points) =>
        points.Where(p => p.Accuracy >= LosslessAccuracy).MinBy(p => p.Dim) ?? points[0];

    /// <summary>Learns a d-dimensional compression and measures its accuracy on the engine.</summary>
    public static CompressionPoint Measure(CompiledModel model, CompressionReference reference, int dim, CompressionOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CompressionTrainer.Train(model, reference.Inputs, dim, options);
        var accuracy = reference.Accuracy(result.Compressed);
        return new CompressionPoint(dim, accuracy, clock.Elapsed.TotalSeconds, result.Loss, result);
    }

    /// <summary>
    /// Measures every d from the full residual width down to <paramref name="lowest"/>, stopping after the first d whose
    /// accuracy falls below <see cref="CollapseAccuracy"/>. <paramref name="progress"/> sees each point as it is measured.
    /// </summary>
    public static IReadOnlyList<CompressionPoint> Run(CompiledModel model, CompressionReference reference, CompressionOptions options,
        int lowest = 1, Action<CompressionPoint>? progress = null)
    {
        if (lowest < 1 || lowest > model.ResidualDim)
            throw new UserError($"the sweep's lowest width must be between 1 and the residual width {model.ResidualDim}, not {lowest}");
        var points = new List<CompressionPoint>();
        for (var d = model.ResidualDim; d >= lowest; d--)
        {
            var point = Measure(model, reference, d, options);
            points.Add(point);
            progress?.Invoke(point);
            if (point.Accuracy < CollapseAccuracy) break;
        }
        return points;
    }
}
