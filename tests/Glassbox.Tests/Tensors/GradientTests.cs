using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class GradientTests
{
    private static Tensor<double> R(int rows, int columns, int seed) => Tensor<double>.RandomNormal(rows, columns, seed);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMulAllTransposes(bool ta, bool tb)
    {
        var a = ta ? R(4, 3, 1) : R(3, 4, 1);
        var b = tb ? R(5, 4, 2) : R(4, 5, 2);
        GradCheck.Assert(v => Ops.MatMul(v[0], v[1], ta, tb), 3, a, b);
    }

    [Fact]
    public void MatMulLargeEnoughForTheBlockedKernel()
    {
        GradCheck.Assert(v => Ops.MatMul(v[0], v[1], false, true), 4, R(19, 17, 5), R(21, 17, 6));
    }

    [Fact]
    public void AddSameShapeColumnBiasAndScalar()
    {
        GradCheck.Assert(v => Ops.Add(v[0], v[1]), 1, R(3, 4, 1), R(3, 4, 2));
        GradCheck.Assert(v => Ops.Add(v[0], v[1]), 2, R(3, 4, 3), R(3, 1, 4));
        GradCheck.Assert(v => Ops.Add(v[0], v[1]), 3, R(3, 4, 5), R(1, 1, 6));
    }

    [Fact]
    public void SubtractMultiplyScaleTranspose()
    {
        GradCheck.Assert(v => Ops.Subtract(v[0], v[1]), 1, R(3, 4, 1), R(3, 4, 2));
        GradCheck.Assert(v => Ops.Multiply(v[0], v[1]), 2, R(3, 4, 3), R(3, 4, 4));
        GradCheck.Assert(v => Ops.Scale(v[0], 0.37), 3, R(3, 4, 5));
        GradCheck.Assert(v => Ops.Transpose(v[0]), 4, R(3, 4, 6));
        GradCheck.Assert(v => -v[0] * 2.0 + v[1], 5, R(2, 2, 7), R(2, 2, 8));
    }

    [Fact]
    public void LinearIsWxPlusBiasOverColumns()
    {
        GradCheck.Assert(v => Ops.Linear(v[0], v[1], v[2]), 1, R(3, 5, 1), R(5, 4, 2), R(3, 1, 3));
    }

    [Fact]
    public void Relu()
    {
        // Keep inputs away from the kink at 0, where the derivative does not exist.
        var x = R(4, 5, 1);
        foreach (ref var e in x.Span) e += e >= 0 ? 0.1 : -0.1;
        GradCheck.Assert(v => Ops.Relu(v[0]), 2, x);
    }

    [Theory]
    [InlineData(GeluApproximation.None)]
    [InlineData(GeluApproximation.Tanh)]
    public void Gelu(GeluApproximation approximation)
    {
        var x = Tensor<double>.RandomNormal(4, 6, 3, std: 2.0);
        GradCheck.Assert(v => Ops.Gelu(v[0], approximation), 4, x);
    }

    [Fact]
    public void SoftmaxColumns()
    {
        GradCheck.Assert(v => Ops.SoftmaxColumns(v[0]), 1, R(5, 4, 1));
    }

    [Fact]
    public void LogSoftmaxColumnsAndMean()
    {
        GradCheck.Assert(v => Ops.LogSoftmaxColumns(v[0]), 1, R(5, 4, 1));
        GradCheck.Assert(v => Ops.Mean(Ops.Multiply(v[0], v[0])), 2, R(3, 4, 2));
    }

    [Fact]
    public void MaskedSoftmax()
    {
        var keep = Ops.CausalMask(4, 4);
        GradCheck.Assert(v => Ops.SoftmaxColumns(Ops.Mask(v[0], keep)), 2, R(4, 4, 2));
    }

    [Fact]
    public void LayerNormWithAndWithoutAffineAndEpsilon()
    {
        GradCheck.Assert(v => Ops.LayerNormColumns(v[0], v[1], v[2]), 1, R(5, 3, 1), R(5, 1, 2), R(5, 1, 3));
        GradCheck.Assert(v => Ops.LayerNormColumns(v[0], null, null, 1e-5), 2, R(4, 3, 4));
    }

    [Fact]
    public void GatherColumnsScattersIntoRepeatedIds()
    {
        int[] ids = [2, 0, 2, 3];
        GradCheck.Assert(v => Ops.GatherColumns(v[0], ids), 1, R(3, 5, 1));
    }

    [Fact]
    public void ConcatAndSlices()
    {
        GradCheck.Assert(v => Ops.ConcatRows(v[0], v[1]), 1, R(2, 3, 1), R(4, 3, 2));
        GradCheck.Assert(v => Ops.ConcatColumns(v[0], v[1]), 2, R(3, 2, 3), R(3, 4, 4));
        GradCheck.Assert(v => Ops.RowRange(v[0], 1, 2), 3, R(4, 3, 5));
        GradCheck.Assert(v => Ops.ColumnRange(v[0], 1, 2), 4, R(3, 4, 6));
        GradCheck.Assert(v => Ops.SumOfColumns(v[0]), 5, R(3, 4, 7));
        GradCheck.Assert(v => Ops.Sum(v[0]), 6, R(3, 4, 8));
    }

    [Theory]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void CrossEntropyWithIgnoredPositions(Reduction reduction)
    {
        int[] targets = [1, -1, 4, 0];
        GradCheck.Assert(v => Ops.CrossEntropy(v[0], targets, reduction), 1, R(5, 4, 1));
    }

    [Fact]
    public void Float32OpsAgreeWithFloat64()
    {
        // The same layer in both precisions: values and gradients agree to float32 accuracy.
        var w = R(6, 5, 1);
        var x = R(5, 4, 2);
        var b = R(6, 1, 3);
        int[] targets = [0, 5, 2, 3];
        var (loss64, grad64) = LayerLoss(w, x, b, targets);
        var (loss32, grad32) = LayerLoss(w.Convert<float>(), x.Convert<float>(), b.Convert<float>(), targets);
        Assert.Equal(loss64, loss32, 4);
        Assert.True(grad32.Convert<double>().AllClose(grad64, 1e-4, 1e-5));
    }

    private static (double Loss, Tensor<T> Grad) LayerLoss<T>(Tensor<T> w, Tensor<T> x, Tensor<T> b, int[] targets)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var pw = new Parameter<T>(w.Clone());
        using var tape = new Tape<T>();
        var h = Ops.LayerNormColumns(Ops.Gelu(Ops.Linear(pw, x, b)), null, null, 1e-5);
        var loss = Ops.CrossEntropy(h, targets, Reduction.Mean);
        tape.Backward(loss);
        return (double.CreateChecked(loss.Value.Scalar()), pw.Gradient);
    }

    [Fact]
    public void AttentionAndMlpBlockBuiltFromOps()
    {
        // One pre-LN decoder layer (Algorithm 10's body) with two heads, over a 4-token sequence, then a loss.
        const int d = 6, dAttn = 3, dMlp = 8, len = 4, vocab = 5;
        int[] tokens = [0, 3, 1, 4];
        int[] targets = [3, 1, 4, 2];
        var keep = Ops.CausalMask(len, len);
        var inputs = new[]
        {
            R(d, vocab, 1), R(d, len, 2),                     // W_e, W_p
            R(d, 1, 3), R(d, 1, 4),                           // γ¹, β¹
            R(2 * dAttn, d, 5), R(2 * dAttn, d, 6), R(2 * dAttn, d, 7), R(d, 2 * dAttn, 8), R(d, 1, 9), // W_q, W_k, W_v, W_o, b_o
            R(d, 1, 10), R(d, 1, 11),                         // γ², β²
            R(dMlp, d, 12), R(dMlp, 1, 13), R(d, dMlp, 14), R(d, 1, 15), // MLP
            R(vocab, d, 16),                                  // W_u
        };
        GradCheck.Assert(v =>
        {
            var x = Ops.GatherColumns(v[0], tokens) + v[1];
            var xt = Ops.LayerNormColumns(x, v[2], v[3]);
            var q = Ops.MatMul(v[4], xt);
            var k = Ops.MatMul(v[5], xt);
            var val = Ops.MatMul(v[6], xt);
            var heads = new List<Var<double>>();
            for (int h = 0; h < 2; h++)
            {
                var s = Ops.MatMul(Ops.RowRange(k, h * dAttn, dAttn), Ops.RowRange(q, h * dAttn, dAttn), transposeA: true);
                var p = Ops.SoftmaxColumns(Ops.Mask(Ops.Scale(s, 1.0 / Math.Sqrt(dAttn)), keep));
                heads.Add(Ops.MatMul(Ops.RowRange(val, h * dAttn, dAttn), p));
            }
            x = x + Ops.Linear(v[7], Ops.ConcatRows(heads), v[8]);
            xt = Ops.LayerNormColumns(x, v[9], v[10]);
            x = x + Ops.Linear(v[13], Ops.Gelu(Ops.Linear(v[11], xt, v[12])), v[14]);
            var logits = Ops.MatMul(v[15], x);
            return Ops.CrossEntropy(logits, targets, Reduction.Mean);
        }, 17, inputs);
    }
}
