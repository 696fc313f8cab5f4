using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class KernelTests
{
    private static Tensor<double> Reference(Tensor<double> a, Tensor<double> b, bool ta, bool tb)
    {
        var c = new Tensor<double>(ta ? a.Columns : a.Rows, tb ? b.Rows : b.Columns);
        Kernels.NaiveMatMul(ta ? a.Transpose() : a, tb ? b.Transpose() : b, c);
        return c;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 3, 7)]
    [InlineData(64, 64, 64)]
    [InlineData(67, 130, 45)]
    [InlineData(17, 2, 33)]
    [InlineData(150, 140, 130)]
    [InlineData(300, 1, 257)]
    [InlineData(33, 5, 70)]
    [InlineData(40, 13, 512)]
    public void MatMulMatchesTripleLoopForEveryTransposition(int m, int n, int k)
    {
        foreach (var ta in new[] { false, true })
            foreach (var tb in new[] { false, true })
            {
                var a = ta ? Tensor<double>.RandomNormal(k, m, 1) : Tensor<double>.RandomNormal(m, k, 1);
                var b = tb ? Tensor<double>.RandomNormal(n, k, 2) : Tensor<double>.RandomNormal(k, n, 2);
                var expected = Reference(a, b, ta, tb);
                var actual = Kernels.MatMul(a, b, ta, tb);
                Assert.True(actual.AllClose(expected, 1e-12, 1e-11), $"{m}×{n}×{k} ta={ta} tb={tb}: {actual.MaxAbsDifference(expected)}");
            }
    }

    [Fact]
    public void GemmAlphaBetaAndFloat32()
    {
        var a = Tensor<float>.RandomNormal(70, 90, 1);
        var b = Tensor<float>.RandomNormal(90, 33, 2);
        var c = Tensor<float>.RandomNormal(70, 33, 3);
        var expected = new Tensor<float>(70, 33);
        Kernels.NaiveMatMul(a, b, expected);
        Kernels.Scale(expected, 2f, expected);
        Kernels.AddScaled(c, 0.5f, expected);
        Kernels.Gemm(2f, a, false, b, false, 0.5f, c);
        Assert.True(c.AllClose(expected, 1e-4, 1e-4));
    }

    [Fact]
    public void Float32ProductWithACacheAliasingStride()
    {
        // ldb · 4 bytes = 4 KiB: the kernel packs B instead of reading it in place; the result must not change.
        var a = Tensor<float>.RandomNormal(40, 1024, 1);
        var b = Tensor<float>.RandomNormal(1024, 13, 2);
        var expected = new Tensor<float>(40, 13);
        Kernels.NaiveMatMul(a, b, expected);
        Assert.True(Kernels.MatMul(a, b).AllClose(expected, 1e-4, 1e-3));
        var bt = b.Transpose();
        Assert.True(Kernels.MatMul(a, bt, transposeB: true).AllClose(expected, 1e-4, 1e-3));
    }

    [Fact]
    public void MatMulOnColumnViews()
    {
        var a = Tensor<double>.RandomNormal(40, 50, 1);
        var b = Tensor<double>.RandomNormal(30, 20, 2).ColumnRange(5, 10);
        var expected = Reference(a.ColumnRange(20, 30), b, false, false);
        Assert.True(Kernels.MatMul(a.ColumnRange(20, 30), b).AllClose(expected, 1e-12, 1e-12));
    }

    [Fact]
    public void SoftmaxColumnsSumToOneAndMaskedEntriesAreExactlyZero()
    {
        var x = Tensor<double>.RandomNormal(9, 7, 1, std: 30);
        var keep = Ops.CausalMask(9, 7);
        var s = Ops.Mask<double>(x, keep).Value;
        var p = new Tensor<double>(9, 7);
        Kernels.SoftmaxColumns(s, p);
        for (int j = 0; j < 7; j++)
        {
            Assert.Equal(1.0, p.Column(j).ToArray().Sum(), 12);
            for (int i = 0; i < 9; i++)
                if (!keep[i, j]) Assert.Equal(0.0, p[i, j]);
        }
        // Max subtraction: huge logits do not overflow.
        var big = Tensor<double>.FromRows(2, 1, 1000, 999);
        Kernels.SoftmaxColumns(big, big);
        Assert.Equal(1 / (1 + Math.Exp(-1)), big[0, 0], 14);
        // A column with every entry masked becomes zeros, not NaN.
        var all = Tensor<double>.Filled(3, 1, double.NegativeInfinity);
        Kernels.SoftmaxColumns(all, all);
        Assert.All(all.Span.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void LayerNormColumnsHaveMeanZeroAndBiasedVarianceOne()
    {
        var x = Tensor<double>.RandomNormal(16, 5, 3, std: 4, mean: 2);
        var y = new Tensor<double>(16, 5);
        Kernels.LayerNormColumns(x, Tensor<double>.Filled(16, 1, 1), Tensor<double>.Zeros(16, 1), y);
        for (int j = 0; j < 5; j++)
        {
            var col = y.Column(j).ToArray();
            double mean = col.Average();
            Assert.Equal(0.0, mean, 12);
            Assert.Equal(1.0, col.Select(v => (v - mean) * (v - mean)).Sum() / 16, 12); // biased: divide by d
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.4999, 0.9995928300996666)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    public void ErfMatchesTabulatedValues(double x, double erf)
    {
        Assert.True(Math.Abs(SpecialFunctions.Erf(x) - erf) <= 4e-16, $"erf({x}) = {SpecialFunctions.Erf(x):R}");
    }

    [Fact]
    public void GeluExactAndTanhAreCloseAndReluClips()
    {
        var x = Tensor<double>.FromRows(1, 5, -3, -1, 0, 1, 3);
        var exact = new Tensor<double>(1, 5);
        var approx = new Tensor<double>(1, 5);
        Kernels.Gelu(x, exact);
        Kernels.Gelu(x, approx, GeluApproximation.Tanh);
        Assert.Equal(1 * 0.8413447460685429, exact[0, 3], 14);
        Assert.True(exact.AllClose(approx, 0, 1e-3));
        Kernels.Gelu(x, x, GeluApproximation.Tanh); // in place
        Assert.True(x.ContentEquals(approx));
        var r = Tensor<double>.FromRows(1, 3, -2, 0, 2);
        Kernels.Relu(r, r);
        Assert.Equal([0.0, 0, 2], r.Span.ToArray());
    }

    [Fact]
    public void GatherColumnsAndArgMax()
    {
        var table = Tensor<double>.FromRows(2, 3, 1, 2, 3, 4, 5, 6);
        var e = new Tensor<double>(2, 2);
        Kernels.GatherColumns(table, [2, 0], e);
        Assert.Equal([3.0, 6, 1, 4], e.Span.ToArray());
        Assert.Equal([1, 1, 1], Kernels.ArgMaxColumns(table));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GatherColumns(table, [3, 0], e));
    }

    [Fact]
    public void CrossEntropyMatchesDirectFormula()
    {
        var z = Tensor<double>.RandomNormal(4, 3, 5);
        int[] targets = [2, -1, 0];
        double expected = 0;
        foreach (var (t, y) in new[] { (0, 2), (2, 0) })
        {
            var col = z.Column(t).ToArray();
            expected -= col[y] - Math.Log(col.Sum(Math.Exp));
        }
        Assert.Equal(expected, Ops.CrossEntropy<double>(z, targets).Value.Scalar(), 12);
        Assert.Equal(expected / 2, Ops.CrossEntropy<double>(z, targets, Reduction.Mean).Value.Scalar(), 12);
    }
}

public class ParallelMatMulTests
{
    [Fact]
    public void OneCoreAndAllCoresGiveBitIdenticalProducts()
    {
        var a = Tensor<double>.RandomNormal(150, 160, 1);
        var b = Tensor<double>.RandomNormal(160, 170, 2);
        var all = Tensor<double>.RandomNormal(150, 170, 3);
        var one = all.Clone();
        Kernels.Gemm(0.7, a, false, b, false, 0.3, all);
        int saved = Kernels.MaxDegreeOfParallelism;
        try
        {
            Kernels.MaxDegreeOfParallelism = 1;
            Kernels.Gemm(0.7, a, false, b, false, 0.3, one);
        }
        finally { Kernels.MaxDegreeOfParallelism = saved; }
        Assert.True(one.ContentEquals(all));
    }
}
