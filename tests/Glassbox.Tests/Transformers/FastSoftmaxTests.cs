using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class FastSoftmaxTests
{
    /// <summary>The engine's float softmax (short columns together, long ones one by one) against the reference kernel,
    /// with compiled-model-like cold scores, masked entries and all-masked columns.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    public void MatchesTheReferenceSoftmax(int rows)
    {
        var random = new Random(rows);
        var scores = new Tensor<float>(rows, 40);
        for (int i = 0; i < scores.Length; i++)
            scores.Span[i] = random.Next(4) switch { 0 => float.NegativeInfinity, 1 => -100f * random.Next(1, 60), _ => (float)random.NextDouble() * 4 };
        scores.Column(7).Fill(float.NegativeInfinity);
        scores[rows - 1, 11] = float.NaN;           // the scalar tail
        scores[0, 12] = float.NaN;                  // the vector part
        scores[rows / 2, 13] = float.PositiveInfinity;
        var expected = new Tensor<float>(rows, 40);
        Kernels.SoftmaxColumns(scores, expected);
        var actual = new Tensor<float>(rows, 40);
        FastMath.SoftmaxColumns(scores, actual);
        for (int i = 0; i < actual.Length; i++)
        {
            float e = expected.Span[i] < 1.1754944e-38f ? 0 : expected.Span[i];
            if (float.IsNaN(e)) Assert.True(float.IsNaN(actual.Span[i]), $"entry {i}: {actual.Span[i]}, the reference gives NaN");
            else Assert.True(Math.Abs(actual.Span[i] - e) <= 1e-6f, $"entry {i}: {actual.Span[i]} vs {e}");
        }
        foreach (int column in new[] { 11, 12, 13 }) Assert.All(actual.Column(column).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.All(actual.Column(7).ToArray(), v => Assert.Equal(0f, v));
    }
}
