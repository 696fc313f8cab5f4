using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Tensors.Benchmarks;

/// <summary>Matrix-product throughput of the engine's kernel against a naive triple loop and against the SIMD peak, all measured in the same run.</summary>
public static class MatMulFigures
{
    /// <summary>Measures n×n·n×n products for each size, in float32 and (when <paramref name="float64"/>) float64.</summary>
    public static List<Figure> Measure(int[] sizes, bool quick, bool float64 = true)
    {
        var figures = new List<Figure>();
        figures.AddRange(ForType<float>(sizes, quick));
        if (float64) figures.AddRange(ForType<double>(sizes, quick));
        return figures;
    }

    private static IEnumerable<Figure> ForType<T>(int[] sizes, bool quick) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string type = typeof(T) == typeof(float) ? "f32" : "f64";
        double minSeconds = 0.01;
        int rounds = quick ? 7 : 25;
        int cores = Environment.ProcessorCount;
        const int peakIterations = 1 << 14;
        double peakFlops = Peak.FlopsPerRun<T>(peakIterations);
        Action peakOne = () => Peak.Run<T>(peakIterations);
        Action peakAll = () => Parallel.For(0, cores, _ => Peak.Run<T>(peakIterations));
        Timing.WarmUp(peakOne, quick ? 0.1 : 0.2);

        foreach (int n in sizes)
        {
            var a = Tensor<T>.RandomNormal(n, n, 1);
            var b = Tensor<T>.RandomNormal(n, n, 2);
            var c = new Tensor<T>(n, n);
            double flops = 2.0 * n * n * n;
            Action naive = () => Kernels.NaiveMatMul(a, b, c);
            Action kernel = () => Kernels.MatMul(a, b, c);
            Timing.WarmUp(kernel, quick ? 0.15 : 0.3);

            // Interleave the kernel and its baselines round by round and keep each one's best round, so that
            // both see the same (shared, noisy) machine.
            double bestNaive = 0, bestOne = 0, bestAll = 0, bestPeakOne = 0, bestPeakAll = 0;
            int saved = Kernels.MaxDegreeOfParallelism;
            for (int r = 0; r < rounds; r++)
            {
                bestPeakOne = Math.Max(bestPeakOne, peakFlops / Timing.SecondsPerCall(peakOne, minSeconds, 1) / 1e9);
                Kernels.MaxDegreeOfParallelism = 1;
                bestOne = Math.Max(bestOne, flops / Timing.SecondsPerCall(kernel, minSeconds, 1) / 1e9);
                Kernels.MaxDegreeOfParallelism = saved;
                bestPeakAll = Math.Max(bestPeakAll, peakFlops * cores / Timing.SecondsPerCall(peakAll, minSeconds, 1, singleThreaded: false) / 1e9);
                bestAll = Math.Max(bestAll, flops / Timing.SecondsPerCall(kernel, minSeconds, 1, singleThreaded: false) / 1e9);
                if (r < 2)
                    bestNaive = Math.Max(bestNaive, flops / Timing.SecondsPerCall(naive, minSeconds, 1) / 1e9);
            }
            yield return new Figure($"matmul_{n}_{type}_1core_vs_naive", bestOne, "GFLOP/s", "naive triple loop", bestNaive);
            yield return new Figure($"matmul_{n}_{type}_1core_vs_peak", bestOne, "GFLOP/s", $"simd_peak_1core_{type}", bestPeakOne);
            yield return new Figure($"matmul_{n}_{type}_{cores}cores_vs_peak", bestAll, "GFLOP/s", $"simd_peak_{cores}cores_{type}", bestPeakAll);
        }
    }
}
