using Glassbox.Lens;
using Glassbox.Tensors;

namespace Glassbox.Tests.Lens;

public class HeadDetectorTests
{
    /// <summary>TransformerLens' demo matrix, rows = queries; the engine's orientation is its transpose.</summary>
    private static Tensor<double> DemoPattern() => Tensor<double>.FromRows(4, 4,
        1, 0, 0, 0,
        .5, .5, 0, 0,
        .2, .3, .5, 0,
        .1, .15, .5, .25).Transpose();

    [Fact]
    public void PreviousTokenScoreOfTheDemoPatternIsExact()
    {
        var d = HeadDetector.PreviousTokenPattern(4);
        Assert.Equal(0.325, HeadDetector.Score(DemoPattern(), d), 12);
        Assert.Equal(0.8 / 0.95, HeadDetector.Score(DemoPattern(), d, excludeBos: true, excludeCurrentToken: true), 12);
    }

    [Fact]
    public void AbsScoreIsOneForThePatternItself()
    {
        var d = HeadDetector.PreviousTokenPattern(5);
        var a = new Tensor<double>(5, 5);
        for (int q = 1; q < 5; q++) a[q - 1, q] = 1;
        Assert.Equal(1.0, HeadDetector.Score(a, d, measure: DetectionMeasure.Abs), 12);
        double s = HeadDetector.Score(DemoPattern(), HeadDetector.PreviousTokenPattern(4), measure: DetectionMeasure.Abs);
        Assert.InRange(s, -1, 1);
        Assert.Equal(1 - (1 + .5 + .5 + .2 + .7 + .5 + .1 + .15 + .5 + .25) / 4, s, 12);
    }

    [Fact]
    public void DuplicateAndInductionPatternsFollowTheTokens()
    {
        int[] t = [5, 6, 7, 5, 6, 7];
        var dup = HeadDetector.DuplicateTokenPattern(t);
        var ind = HeadDetector.InductionPattern(t);
        Assert.True(dup[0, 3] && dup[1, 4] && dup[2, 5]);
        Assert.False(dup[3, 3]);
        Assert.True(ind[1, 3] && ind[2, 4] && ind[3, 5]);
        Assert.Equal(3, Enumerable.Range(0, 6).SelectMany(k => Enumerable.Range(0, 6).Select(q => dup[k, q])).Count(x => x));
    }
}
