using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class SpecialFunctionsTests
{
    // erf and erfc at x = 0, 0.25, …, 10 (reference values from a C library's double-precision erf/erfc); erf is
    // required within 6e-16 (a few units in the last place), erfc within 1e-13 relative.
    private static readonly double[][] ErfTable =
    [
        [0.0, 0.0, 1.0],
        [0.25, 0.2763263901682369, 0.7236736098317631],
        [0.5, 0.5204998778130465, 0.4795001221869535],
        [0.75, 0.7111556336535151, 0.28884436634648486],
        [1.0, 0.8427007929497149, 0.15729920705028513],
        [1.25, 0.9229001282564582, 0.07709987174354177],
        [1.5, 0.9661051464753108, 0.033894853524689274],
        [1.75, 0.9866716712191824, 0.013328328780817555],
        [2.0, 0.9953222650189527, 0.004677734981047265],
        [2.25, 0.9985372834133188, 0.0014627165866811518],
        [2.5, 0.999593047982555, 0.0004069520174449589],
        [2.75, 0.9998993780778803, 0.00010062192211963684],
        [3.0, 0.9999779095030014, 2.2090496998585438e-05],
        [3.25, 0.9999956972205363, 4.302779463675122e-06],
        [3.5, 0.9999992569016276, 7.430983723414128e-07],
        [3.75, 0.9999998862727434, 1.1372725656979664e-07],
        [4.0, 0.9999999845827421, 1.541725790028002e-08],
        [4.25, 0.9999999981494259, 1.8505741373867425e-09],
        [4.5, 0.9999999998033839, 1.9661604415428873e-10],
        [4.75, 0.9999999999815149, 1.8485047721485312e-11],
        [5.0, 0.9999999999984626, 1.5374597944280351e-12],
        [5.25, 0.9999999999998869, 1.1310313266887154e-13],
        [5.5, 0.9999999999999927, 7.357847917974398e-15],
        [5.75, 0.9999999999999996, 4.2321366174257373e-16],
        [6.0, 1.0, 2.1519736712498916e-17],
        [6.25, 1.0, 9.672204131876255e-19],
        [6.5, 1.0, 3.8421483271206475e-20],
        [6.75, 1.0, 1.3487678893611298e-21],
        [7.0, 1.0, 4.183825607779414e-23],
        [7.25, 1.0, 1.146690081481501e-24],
        [7.5, 1.0, 2.776649386030569e-26],
        [7.75, 1.0, 5.939747859517146e-28],
        [8.0, 1.0, 1.1224297172982928e-29],
        [8.25, 1.0, 1.8735664705504999e-31],
        [8.5, 1.0, 2.7623240713337716e-33],
        [8.75, 1.0, 3.597115728647072e-35],
        [9.0, 1.0, 4.13703174651381e-37],
        [9.25, 1.0, 4.202037214919711e-39],
        [9.5, 1.0, 3.76921448565488e-41],
        [9.75, 1.0, 2.9857008328005786e-43],
        [10.0, 1.0, 2.088487583762545e-45]

    ];

    [Fact]
    public void ErfAndErfcMatchTheReferenceTableOnAGrid()
    {
        foreach (var row in ErfTable)
        {
            double x = row[0], erf = row[1], erfc = row[2];
            Assert.True(Math.Abs(SpecialFunctions.Erf(x) - erf) <= 3.4e-16, $"erf({x}) = {SpecialFunctions.Erf(x):R}, want {erf:R}");
            Assert.True(Math.Abs(SpecialFunctions.Erf(-x) + erf) <= 3.4e-16, $"erf(-{x})");
            if (x >= 1) Assert.True(Math.Abs(SpecialFunctions.Erfc(x) / erfc - 1) < 1e-13, $"erfc({x}) = {SpecialFunctions.Erfc(x):R}, want {erfc:R}");
        }
    }

    // erf between the Taylor nodes (reference values from a C library's double-precision erf).
    private static readonly double[][] ErfOffGrid =
    [
        [0.03, 0.03384122234173543],
        [0.4, 0.42839235504666845],
        [0.77, 0.7238216139648593],
        [1.14, 0.8930823276298567],
        [1.51, 0.9672767481287117],
        [1.8800000000000001, 0.9921562227552937],
        [2.2499999999999996, 0.9985372834133188],
        [2.6199999999999997, 0.9997888089442238],
        [2.9899999999999998, 0.9999764743969194],
        [3.36, 0.9999979834393308],
        [3.73, 0.9999998672559197],
        [4.1000000000000005, 0.9999999932999724],
        [4.47, 0.9999999997410217],
        [4.84, 0.9999999999923413],
        [5.21, 0.9999999999998269],
        [5.58, 0.999999999999997],
        [5.95, 1.0],
        [5.97, 1.0],
        [0.0312, 0.03519400989069147],
        [1.03125, 0.855271810442917],
        [2.4999, 0.9995928300996666],
        [2.5001, 0.9995932657565293]
    ];

    [Fact]
    public void ErfBetweenTaylorNodesMatchesTheReferenceAndTheSeries()
    {
        foreach (var row in ErfOffGrid)
            Assert.True(Math.Abs(SpecialFunctions.Erf(row[0]) - row[1]) <= 3.4e-16, $"erf({row[0]}) = {SpecialFunctions.Erf(row[0]):R}, want {row[1]:R}");
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            double x = (random.NextDouble() - 0.5) * 14;
            Assert.True(Math.Abs(SpecialFunctions.Erf(x) - SpecialFunctions.ErfBySeries(x)) <= 1e-15, $"erf({x:R})");
        }
    }

    // erfc off the tail nodes (reference values from a C library's double-precision erfc).
    private static readonly double[][] ErfcOffGrid =
    [
        [1.5, 0.033894853524689274],
        [1.51, 0.03272325187128836],
        [1.77, 0.012309057775677658],
        [2.03125, 0.004070817705246996],
        [2.2669, 0.001346497891909129],
        [2.9, 4.109787809945886e-05],
        [3.3, 3.0577097964381654e-06],
        [3.99, 1.6739211364520814e-08],
        [4.44, 3.405205234033544e-10],
        [5.1, 5.493820217555321e-13],
        [5.55, 4.197513816747158e-15],
        [5.97, 3.096792461445326e-17],
        [6.01, 1.905345579029651e-17],
        [6.2, 1.816675617238127e-18],
        [7.5, 2.776649386030569e-26],
        [9.9, 1.5431200214053075e-44]
    ];

    [Fact]
    public void BulkErfEqualsScalarErf()
    {
        var x = Tensor<double>.RandomNormal(1, 203, 9, std: 3).Span.ToArray();
        x[5] = double.NaN; x[6] = 7.5; x[7] = -6.5; x[100] = 0;
        var y = new double[x.Length];
        SpecialFunctions.Erf(x, y);
        for (int i = 0; i < x.Length; i++) Assert.Equal(SpecialFunctions.Erf(x[i]), y[i]);
        SpecialFunctions.Erf(x, x); // in place
        Assert.Equal(y, x);
    }

    [Fact]
    public void ExactGeluMatchesItsDefinitionIncludingTheTails()
    {
        var x = Tensor<double>.FromRows(1, 8, -40, -9, -8.5, -3, -0.1, 0.7, 5, 30);
        var y = new Tensor<double>(1, 8);
        Kernels.Gelu(x, y);
        for (int j = 0; j < 8; j++)
        {
            double v = x[0, j], expected = v * SpecialFunctions.NormalCdf(v);
            Assert.True(Math.Abs(y[0, j] - expected) <= 1e-15 * Math.Max(1, Math.Abs(v)), $"GELU({v}) = {y[0, j]:R}, want {expected:R}");
        }
        Assert.True(y[0, 1] < 0 && y[0, 1] > -1e-17); // x·Φ(x) at −9 is −9·1.1e-19, not 0 or garbage
    }

    [Fact]
    public void ErfcBetweenTailNodesIsRelativelyAccurate()
    {
        foreach (var row in ErfcOffGrid)
        {
            double got = SpecialFunctions.Erfc(row[0]);
            Assert.True(Math.Abs(got / row[1] - 1) < 1e-14, $"erfc({row[0]}) = {got:R}, want {row[1]:R}");
        }
    }

    [Theory]
    [InlineData(2.5, 4.069520174449590e-04)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(4.0, 1.541725790028002e-08)]
    [InlineData(6.0, 2.151973671249892e-17)]
    public void ErfcIsRelativelyAccurateInTheTail(double x, double erfc)
    {
        Assert.True(Math.Abs(SpecialFunctions.Erfc(x) / erfc - 1) < 1e-13, $"erfc({x}) = {SpecialFunctions.Erfc(x)}");
    }
}
