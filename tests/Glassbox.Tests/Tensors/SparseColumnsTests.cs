using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class SparseColumnsTests
{
    /// <summary>A d×n matrix of small integers where each entry is non-zero with probability <paramref name="density"/>
    /// (integer products and sums are exact in float64, so any summation order gives the same bits).</summary>
    private static Tensor<double> SparseIntegers(int rows, int columns, double density, Random random)
    {
        var t = new Tensor<double>(rows, columns);
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < rows; i++)
                if (random.NextDouble() < density) t[i, j] = random.Next(-4, 5);
        return t;
    }

    [Theory]
    [InlineData(40, 30, 9, 0.02, 1.0)]      // one-hot-like activations, dense weights
    [InlineData(40, 30, 9, 0.0, 1.0)]       // all-zero input columns
    [InlineData(64, 99, 300, 0.05, 0.3)]    // many columns
    [InlineData(20, 16, 50, 0.9, 1.0)]      // dense input: the rest goes through the dense product
    [InlineData(400, 12, 40, 0.8, 0.01)]    // dense input, a W_O-like weight with few non-zero rows (compacted)
    [InlineData(300, 12, 40, 0.8, 0.01)]    // dense input, a small weight (multiplied whole)
    [InlineData(3, 700, 600, 0.01, 0.5)]    // large enough to be split over cores
    public void EqualsTheDenseProductExactlyOnIntegers(int dOut, int dIn, int n, double inputDensity, double weightDensity)
    {
        var random = new Random(dOut * 1000 + dIn + n);
        var w = SparseIntegers(dOut, dIn, weightDensity, random);
        var x = SparseIntegers(dIn, n, inputDensity, random);
        var expected = Kernels.MatMul(w, x);
        var y = Tensor<double>.Filled(dOut, n, double.NaN);
        Kernels.MatMulSparseColumns(w, x, y);
        Assert.Equal(expected.Span.ToArray(), y.Span.ToArray());
    }

    [Fact]
    public void AgreesWithTheDenseProductToRoundingOnRandomFloats()
    {
        var random = new Random(5);
        var w = Tensor<float>.RandomNormal(33, 70, random);
        var x = new Tensor<float>(70, 25);
        for (int j = 0; j < 25; j++)
            for (int k = 0; k < 3; k++) x[random.Next(70), j] = (float)random.NextDouble();
        var expected = Kernels.MatMul(w, x);
        var y = new Tensor<float>(33, 25);
        Kernels.MatMulSparseColumns(w, x, y);
        for (int i = 0; i < y.Length; i++) Assert.Equal(expected.Span[i], y.Span[i], 1e-5f);
    }

    [Fact]
    public void ANaNActivationStillPropagates()
    {
        var w = Tensor<double>.Filled(4, 6, 1);
        var x = new Tensor<double>(6, 2);
        x[3, 1] = double.NaN;
        var y = new Tensor<double>(4, 2);
        Kernels.MatMulSparseColumns(w, x, y);
        Assert.All(y.Column(0).ToArray(), v => Assert.Equal(0, v));
        Assert.All(y.Column(1).ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void ADenseInputThroughFewWeightRowsKeepsNaNOnThoseRows()
    {
        var w = new Tensor<double>(400, 12);
        w[5, 3] = 2;
        w[390, 0] = -1;
        var x = Tensor<double>.Filled(12, 20, 1);
        x[3, 7] = double.NaN;
        var y = Tensor<double>.Filled(400, 20, 7);
        Kernels.MatMulSparseColumns(w, x, y);
        Assert.True(double.IsNaN(y[5, 7]));
        Assert.True(double.IsNaN(y[390, 7]));   // a kept row runs the dense product: 0·NaN is NaN there
        Assert.Equal(2, y[5, 6]);
        Assert.Equal(-1, y[390, 6]);
        Assert.Equal(0, y[6, 7]);   // an all-zero row of W: exactly 0 (documented)
    }

    [Fact]
    public void RejectsMismatchedShapes() =>
        Assert.Throws<ArgumentException>(() => Kernels.MatMulSparseColumns(new Tensor<double>(3, 4), new Tensor<double>(5, 2), new Tensor<double>(3, 2)));
}

public class SparsePatternTests
{
    [Theory]
    [InlineData(1, 1, 0.5)]
    [InlineData(7, 13, 0.2)]
    [InlineData(20, 40, 0.1)]
    [InlineData(3, 50, 0.0)]
    [InlineData(64, 9, 0.05)]
    public void ListsEveryNonZeroOfEveryColumn(int rows, int columns, double density)
    {
        var random = new Random(rows * 100 + columns);
        var x = new Tensor<float>(rows, columns);
        for (int i = 0; i < x.Length; i++) if (random.NextDouble() < density) x.Span[i] = random.Next(1, 5);
        if (x.Length > 3) x.Span[x.Length / 2] = float.NaN;
        var pattern = new SparsePattern().Find(x);
        Assert.False(pattern.IsDense);
        int total = 0;
        for (int c = 0; c < columns; c++)
        {
            var expected = Enumerable.Range(0, rows).Where(r => !(x[r, c] == 0)).ToArray();
            Assert.Equal(expected, pattern.Column(c).ToArray());
            total += expected.Length;
        }
        Assert.Equal(total, pattern.Count);
    }

    [Fact]
    public void StopsOnADenseMatrixAndCanBeReused()
    {
        var dense = Tensor<double>.Filled(10, 30, 1);
        var pattern = new SparsePattern().Find(dense, maxDensity: 0.25);
        Assert.True(pattern.IsDense);
        Assert.Throws<InvalidOperationException>(() => pattern.Column(0).Length);
        var sparse = new Tensor<double>(10, 30);
        sparse[3, 29] = 2;
        pattern.Find(sparse, maxDensity: 0.25);
        Assert.False(pattern.IsDense);
        Assert.Equal([3], pattern.Column(29).ToArray());
        Assert.Equal(0, pattern.Column(0).Length);
        pattern.Find(new Tensor<double>(10, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => pattern.Column(29).Length);   // not the earlier, wider scan's
    }
}
