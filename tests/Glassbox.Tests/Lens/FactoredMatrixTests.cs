using System.Numerics;
using Glassbox.Lens;

namespace Glassbox.Tests.Lens;

public class FactoredMatrixTests
{
    private static double[,] Random(int r, int c, Random rng)
    {
        var m = new double[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) m[i, j] = rng.NextDouble() * 2 - 1;
        return m;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NonZeroEigenvaluesOfABEqualThoseOfBA(int seed)
    {
        var rng = new Random(seed);
        var f = new FactoredMatrix(Random(12, 4, rng), Random(4, 12, rng));
        var small = f.Eigenvalues();
        var big = LinearAlgebra.Eigenvalues(f.Product());
        Assert.Equal(4, small.Length);
        Assert.Equal(12, big.Length);
        // The 4 largest eigenvalues of AB are those of BA; the other 8 are zero.
        foreach (var l in small) Assert.Contains(big, m => Complex.Abs(m - l) < 1e-8);
        Assert.All(big.Skip(4), m => Assert.True(Complex.Abs(m) < 1e-8, $"{m}"));
    }

    [Fact]
    public void EigenvaluesOfAKnownMatrix()
    {
        // Rotation by 90° scaled by 2 has eigenvalues ±2i; diag block 3.
        var m = new double[,] { { 0, -2, 0 }, { 2, 0, 0 }, { 0, 0, 3 } };
        var l = LinearAlgebra.Eigenvalues(m);
        Assert.Contains(l, x => Complex.Abs(x - new Complex(0, 2)) < 1e-12);
        Assert.Contains(l, x => Complex.Abs(x - new Complex(0, -2)) < 1e-12);
        Assert.Contains(l, x => Complex.Abs(x - 3) < 1e-12);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void SvdReconstructsAndGivesTheNorms(int seed)
    {
        var rng = new Random(seed);
        var f = new FactoredMatrix(Random(20, 5, rng), Random(5, 16, rng));
        var ab = f.Product();
        var svd = f.Svd();
        double frob = LinearAlgebra.Frobenius(ab);
        Assert.Equal(frob, Math.Sqrt(svd.S.Sum(s => s * s)), 10);
        Assert.Equal(frob, f.FrobeniusNorm(), 10);
        for (int i = 1; i < svd.S.Length; i++) Assert.True(svd.S[i - 1] >= svd.S[i]);
        double maxErr = 0;
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 16; j++)
            {
                double x = 0;
                for (int k = 0; k < svd.S.Length; k++) x += svd.U[i, k] * svd.S[k] * svd.V[j, k];
                maxErr = Math.Max(maxErr, Math.Abs(x - ab[i, j]));
            }
        Assert.True(maxErr < 1e-10, $"reconstruction error {maxErr}");
        // The spectral norm bounds ‖ABx‖ for unit x and is attained by the top right singular vector.
        var v0 = Enumerable.Range(0, 16).Select(j => svd.V[j, 0]).ToArray();
        double n = Math.Sqrt(Enumerable.Range(0, 20).Sum(i => Math.Pow(Enumerable.Range(0, 16).Sum(j => ab[i, j] * v0[j]), 2)));
        Assert.Equal(f.SpectralNorm(), n, 9);
        // Same singular values as a Jacobi SVD of the materialised product.
        var direct = LinearAlgebra.JacobiSvd(ab).S;
        for (int i = 0; i < 5; i++) Assert.Equal(direct[i], svd.S[i], 9);
    }

    [Fact]
    public void ProductsTransposeAndCopyingScore()
    {
        var rng = new Random(9);
        var f = new FactoredMatrix(Random(6, 2, rng), Random(2, 6, rng));
        var g = new FactoredMatrix(Random(6, 3, rng), Random(3, 5, rng));
        var fg = f.Multiply(g);
        Assert.Equal(2, fg.InnerDimension);
        var expected = LinearAlgebra.Multiply(f.Product(), g.Product());
        var got = fg.Product();
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 5; j++) Assert.Equal(expected[i, j], got[i, j], 12);
        var t = f.Transpose().Product();
        Assert.Equal(f.Product()[1, 4], t[4, 1], 14);

        var identity = new double[4, 4];
        for (int i = 0; i < 4; i++) identity[i, i] = 1;
        Assert.Equal(1.0, new FactoredMatrix(identity, identity).CopyingScore(), 12);
        var negative = (double[,])identity.Clone();
        for (int i = 0; i < 4; i++) negative[i, i] = -2;
        Assert.Equal(-1.0, new FactoredMatrix(identity, negative).CopyingScore(), 12);
    }

    [Fact]
    public void RankDeficientFactorsStillDecompose()
    {
        var a = new double[8, 3];
        var b = new double[3, 8];
        a[0, 0] = 2; a[1, 1] = 1; b[0, 2] = 1; b[1, 3] = 3; // third inner direction unused
        var svd = new FactoredMatrix(a, b).Svd();
        Assert.Equal(3.0, svd.S[0], 12);
        Assert.Equal(2.0, svd.S[1], 12);
        Assert.Equal(0.0, svd.S[2], 12);
    }
}
