using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Tensors.Benchmarks;

/// <summary>
/// The matrix products a small transformer's training step actually runs (projections W·X, weight gradients
/// dY·Xᵀ, input gradients Wᵀ·dY, attention scores Kᵀ·Q), on one core, against the one-core SIMD peak.
/// </summary>
public static class ShapeFigures
{
    private sealed record Shape(string Name, int M, int N, int K, bool TransposeA, bool TransposeB);

    private static readonly Shape[] Shapes =
    [
        new("proj_W[64x64]*X[64x640]", 64, 640, 64, false, false),
        new("mlp_W[256x64]*X[64x640]", 256, 640, 64, false, false),
        new("wgrad_dY[64x640]*X^T", 64, 64, 640, false, true),
        new("xgrad_W^T*dY[256x640]", 64, 640, 256, true, false),
        new("scores_K^T*Q[16x10]", 10, 10, 16, true, false),
        new("scores_K^T*Q[64x128]", 128, 128, 64, true, false),
        new("matvec_W[256x256]*x", 256, 1, 256, false, false),
        new("compiled_W[32x32]*X[32x5]", 32, 5, 32, false, false),
        new("compiled_W^T*dY[32x8]", 32, 8, 32, true, false),
        new("compiled_W[48x32]*X[32x64]", 48, 64, 32, false, false),
    ];

    /// <summary>Measures every shape in float32 (one core).</summary>
    public static List<Figure> Measure(bool quick)
    {
        var figures = new List<Figure>();
        int rounds = quick ? 5 : 15;
        const int peakIterations = 1 << 14;
        double peakFlops = Peak.FlopsPerRun<float>(peakIterations);
        Timing.WarmUp(() => Peak.Run<float>(peakIterations), 0.1);
        return Timing.OnOneCore(() =>
        {
            foreach (var s in Shapes)
            {
                var a = s.TransposeA ? Tensor<float>.RandomNormal(s.K, s.M, 1) : Tensor<float>.RandomNormal(s.M, s.K, 1);
                var b = s.TransposeB ? Tensor<float>.RandomNormal(s.N, s.K, 2) : Tensor<float>.RandomNormal(s.K, s.N, 2);
                var c = new Tensor<float>(s.M, s.N);
                double flops = 2.0 * s.M * s.N * s.K;
                Timing.WarmUp(() => Kernels.MatMul(a, b, c, s.TransposeA, s.TransposeB), quick ? 0.1 : 0.25);
                var (products, peaks) = Timing.BestOfInterleaved(() => Kernels.MatMul(a, b, c, s.TransposeA, s.TransposeB),
                    () => Peak.Run<float>(peakIterations), rounds, 0.005);
                figures.Add(new Figure($"shape_{s.Name}_f32", products * flops / 1e9, "GFLOP/s", "simd_peak_1core_f32", peaks * peakFlops / 1e9));
            }
            return figures;
        });
    }
}
