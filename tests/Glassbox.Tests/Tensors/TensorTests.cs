using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void StorageIsColumnMajor()
    {
        var t = Tensor<double>.FromRows(2, 3, 1, 2, 3, 4, 5, 6);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.Span.ToArray());
        Assert.Equal(6.0, t[1, 2]);
        Assert.Equal([2.0, 5], t.Column(1).ToArray());
    }

    [Fact]
    public void ColumnRangeIsAViewAndRowRangeACopy()
    {
        var t = Tensor<double>.FromRows(2, 3, 1, 2, 3, 4, 5, 6);
        var view = t.ColumnRange(1, 2);
        view[0, 0] = 20;
        Assert.Equal(20.0, t[0, 1]);
        var rows = t.RowRange(1, 1);
        rows[0, 0] = 40;
        Assert.Equal(4.0, t[1, 0]);
        Assert.Equal(Tensor<double>.FromRows(1, 3, 40, 5, 6).Span.ToArray(), rows.Span.ToArray());
    }

    [Fact]
    public void TransposeSwapsIndices()
    {
        var t = Tensor<float>.RandomNormal(37, 45, 3);
        var tt = t.Transpose();
        for (int i = 0; i < t.Rows; i++)
            for (int j = 0; j < t.Columns; j++)
                Assert.Equal(t[i, j], tt[j, i]);
        Assert.True(tt.Transpose().ContentEquals(t));
    }

    [Fact]
    public void SameSeedSameNumbersDifferentSeedDifferentNumbers()
    {
        var a = Tensor<double>.RandomNormal(5, 7, 42);
        var b = Tensor<double>.RandomNormal(5, 7, 42);
        var c = Tensor<double>.RandomNormal(5, 7, 43);
        Assert.True(a.ContentEquals(b));
        Assert.False(a.ContentEquals(c));
        var u = Tensor<float>.RandomUniform(100, 10, 1, -2, 3);
        Assert.All(u.Span.ToArray(), x => Assert.InRange(x, -2f, 3f));
    }

    [Fact]
    public void NormalSamplesHaveRoughlyTheRequestedMoments()
    {
        var t = Tensor<double>.RandomNormal(200, 100, 7, std: 2.0, mean: 1.0);
        double mean = t.Span.ToArray().Average();
        double variance = t.Span.ToArray().Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, 0.95, 1.05);
        Assert.InRange(variance, 3.8, 4.2);
    }

    [Fact]
    public void EqualityHelpers()
    {
        var a = Tensor<double>.FromRows(1, 2, 1.0, 2.0);
        var b = Tensor<double>.FromRows(1, 2, 1.0, 2.0 + 1e-13);
        Assert.False(a.ContentEquals(b));
        Assert.True(a.AllClose(b));
        Assert.False(a.AllClose(Tensor<double>.FromRows(2, 1, 1.0, 2.0)));
        Assert.Equal(1e-13, a.MaxAbsDifference(b), 1e-15);
    }

    [Fact]
    public void ConvertBetweenPrecisions()
    {
        var d = Tensor<double>.RandomNormal(3, 4, 1);
        var f = d.Convert<float>();
        Assert.True(f.Convert<double>().AllClose(d, 1e-6, 1e-7));
    }

    [Fact]
    public void ShapeMismatchIsReported()
    {
        var ex = Assert.Throws<ArgumentException>(() => Kernels.MatMul(new Tensor<double>(2, 3), new Tensor<double>(4, 2)));
        Assert.Contains("2×3", ex.Message);
        Assert.Throws<NotSupportedException>(() => new Tensor<Half>(1, 1));
    }

    [Fact]
    public void NoGradModeRecordsNothing()
    {
        var w = new Parameter<double>(Tensor<double>.RandomNormal(2, 2, 1));
        using var tape = new Tape<double>();
        Var<double> y;
        using (Tape<double>.NoGrad()) y = Ops.MatMul(w, w);
        Assert.False(y.RequiresGrad);
        Assert.Equal(0, tape.Count);
        var z = Ops.MatMul(w, w);
        Assert.True(z.RequiresGrad);
        Assert.Equal(1, tape.Count);
    }

    [Fact]
    public void ParameterGradientsAccumulateUntilZeroed()
    {
        var w = new Parameter<double>(Tensor<double>.FromRows(1, 1, 3.0));
        for (int i = 0; i < 2; i++)
        {
            using var tape = new Tape<double>();
            tape.Backward(Ops.Multiply(w, w)); // d(w²)/dw = 2w = 6
        }
        Assert.Equal(12.0, w.Gradient.Scalar());
        w.ZeroGrad();
        Assert.Equal(0.0, w.Gradient.Scalar());
    }
}
