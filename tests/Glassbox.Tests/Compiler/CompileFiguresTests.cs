using Glassbox.Compiler;

namespace Glassbox.Tests.Compiler;

public class CompileFiguresTests
{
    [Fact]
    public void GrowthPointsAreVerifiedAndSized()
    {
        var points = CompileFigures.Growth("sort", [(3, 5), (5, 8)], repeats: 1, inputs: 5);
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(0, p.Mismatches));
        Assert.All(points, p => Assert.Equal(5, p.Inputs));
        Assert.All(points, p => Assert.True(p.CompileMs > 0 && p.VerifyMs > 0 && p.EvaluatorMs > 0));
        // sort's keys take |vocab|·N values, so the residual grows with both (34 at 3/5, as in the README's table).
        Assert.Equal(34, points[0].ResidualDim);
        Assert.True(points[1].ResidualDim > points[0].ResidualDim);
        Assert.True(points[1].NonZeroParams > points[0].NonZeroParams);
    }

    [Fact]
    public void ScalePointsAreCheckedAgainstTheBudgetAndTracrsQuotedTime()
    {
        var points = CompileFigures.Growth("sort", [(5, 8), (30, 32)], repeats: 1, inputs: 3);
        var checks = CompileFigures.Scale(points);
        var check = Assert.Single(checks);
        Assert.Equal((30, 32), (check.Vocabulary, check.MaxSeqLen));
        Assert.Equal(4.0, check.TracrSeconds);
        Assert.Equal(0, check.Mismatches);
        Assert.Equal(points[1].CompileMs + points[1].VerifyMs, check.TotalMs);
        Assert.Equal(4000 / check.TotalMs, check.TimesFasterThanTracr, 9);
        Assert.Contains("Tracr 4 s (quoted)", check.ToString());
        Assert.Equal(new[] { (30, 32, 4.0), (50, 64, 101.0) }, CompileFigures.ScalePoints);
    }
}
