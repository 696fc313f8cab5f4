using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class InferenceTests
{
    [Fact]
    public void TemperatureNearZeroEqualsArgmaxDecoding()
    {
        var model = TransformerFactory.Create<double>(EngineTests.Tiny(Architecture.Decoder, 2), seed: 31);
        var greedy = Inference.DInference(model, [8, 1, 2], 6, temperature: 0, new Random(1));
        var cold = Inference.DInference(model, [8, 1, 2], 6, temperature: 1e-9, new Random(2));
        Assert.Equal(greedy, cold);
        Assert.Equal(6, greedy.Length);
        var logits = model.Forward([8, 1, 2]);
        Assert.Equal(Glassbox.Tensors.Kernels.ArgMaxColumns(logits)[2], greedy[0]);
    }

    [Theory]
    [InlineData(1.0, new[] { 1.0, 2.0, 3.0 })]
    [InlineData(0.5, new[] { 1.0, 4.0, 9.0 })]
    public void SamplingDrawsFromTheRenormalisedPowerOfP(double temperature, double[] weights)
    {
        double[] logits = [0, Math.Log(2), Math.Log(3)];
        var random = new Random(3);
        var counts = new int[3];
        const int n = 60000;
        for (int i = 0; i < n; i++) counts[Inference.Sample<double>(logits, temperature, random)]++;
        double total = weights.Sum();
        for (int i = 0; i < 3; i++) Assert.InRange(counts[i] / (double)n, weights[i] / total - 0.01, weights[i] / total + 0.01);
    }

    [Fact]
    public void EDInferenceStartsWithBosAndStopsAtEosOrTheLimit()
    {
        var model = TransformerFactory.Create<double>(EngineTests.Tiny(Architecture.EncoderDecoder), seed: 32);
        var x = Inference.EDInference(model, [1, 2, 3], bos: 7, eos: 8, temperature: 0, new Random(4), maxLength: 6);
        Assert.Equal(7, x[0]);
        Assert.True(x[^1] == 8 || x.Length == 6);
        Assert.DoesNotContain(8, x[..^1]);
    }
}
