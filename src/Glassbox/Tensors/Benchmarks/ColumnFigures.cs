using Glassbox.Tensors;

namespace Glassbox.Tensors.Benchmarks;

/// <summary>
/// Column-wise and element-wise kernels on a 256×640 float32 activation (d_mlp × 64 sequences of 10 tokens),
/// in elements per second, against copying the same tensor (the memory-bandwidth floor) in the same run.
/// </summary>
public static class ColumnFigures
{
    /// <summary>Measures each kernel (one core).</summary>
    public static List<Figure> Measure(bool quick)
    {
        const int rows = 256, columns = 640;
        var x = Tensor<float>.RandomNormal(rows, columns, 1, std: 1.5);
        var y = new Tensor<float>(rows, columns);
        var gamma = Tensor<float>.Filled(rows, 1, 1f);
        var beta = new Tensor<float>(rows, 1);
        var kernels = new (string Name, Action Run)[]
        {
            ("softmax_columns", () => Kernels.SoftmaxColumns(x, y)),
            ("layer_norm_columns", () => Kernels.LayerNormColumns(x, gamma, beta, y)),
            ("gelu_tanh", () => Kernels.Gelu(x, y, GeluApproximation.Tanh)),
            ("gelu_exact", () => Kernels.Gelu(x, y)),
            ("relu", () => Kernels.Relu(x, y)),
        };
        Action copy = () => x.CopyTo(y);
        double elements = rows * columns;
        int rounds = quick ? 3 : 9;
        var figures = new List<Figure>();
        Timing.WarmUp(copy, 0.1);
        foreach (var (name, run) in kernels)
        {
            Timing.WarmUp(run, quick ? 0.1 : 0.25);
            var (runs, copies) = Timing.BestOfInterleaved(run, copy, rounds, 0.005);
            figures.Add(new Figure($"{name}_256x640_f32", runs * elements / 1e6, "Melem/s", "copy_256x640_f32", copies * elements / 1e6));
        }
        return figures;
    }
}
