using BenchmarkDotNet.Attributes;
using Glassbox.Tensors;

namespace Glassbox.Bench;

/// <summary>BenchmarkDotNet detail: the engine's matrix product against the naive triple loop (float32).</summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private Tensor<float> a = null!, b = null!, c = null!;

    /// <summary>Matrix side n (n×n times n×n).</summary>
    [Params(64, 256, 512)]
    public int N { get; set; }

    /// <summary>Allocates seeded random operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        a = Tensor<float>.RandomNormal(N, N, 1);
        b = Tensor<float>.RandomNormal(N, N, 2);
        c = new Tensor<float>(N, N);
    }

    /// <summary>The textbook triple loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => Kernels.NaiveMatMul(a, b, c);

    /// <summary>The packed, cache-blocked FMA kernel (all cores).</summary>
    [Benchmark]
    public void Blocked() => Kernels.MatMul(a, b, c);

    /// <summary>The same with Bᵀ (the layout of attention scores Kᵀ Q).</summary>
    [Benchmark]
    public void BlockedTransposed() => Kernels.MatMul(a, b, c, transposeA: true);
}

/// <summary>BenchmarkDotNet detail: the column-wise kernels of a transformer layer on a 256×256 activation (float32).</summary>
[MemoryDiagnoser]
public class ColumnKernelBenchmarks
{
    private Tensor<float> x = null!, y = null!, gamma = null!, beta = null!;

    /// <summary>Allocates seeded random input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        x = Tensor<float>.RandomNormal(256, 256, 1);
        y = new Tensor<float>(256, 256);
        gamma = Tensor<float>.Filled(256, 1, 1f);
        beta = new Tensor<float>(256, 1);
    }

    /// <summary>Column-wise softmax.</summary>
    [Benchmark]
    public void Softmax() => Kernels.SoftmaxColumns(x, y);

    /// <summary>Column-wise layer norm.</summary>
    [Benchmark]
    public void LayerNorm() => Kernels.LayerNormColumns(x, gamma, beta, y);

    /// <summary>GELU with the tanh approximation.</summary>
    [Benchmark]
    public void GeluTanh() => Kernels.Gelu(x, y, GeluApproximation.Tanh);

    /// <summary>Exact GELU (erf).</summary>
    [Benchmark]
    public void GeluExact() => Kernels.Gelu(x, y);
}
