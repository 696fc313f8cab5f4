using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class GradientCheckTests
{
    [Theory]
    [InlineData(Architecture.Encoder)]
    [InlineData(Architecture.Decoder)]
    [InlineData(Architecture.EncoderDecoder)]
    public void BackpropagationMatchesFiniteDifferencesForAWholeLayer(Architecture arch)
    {
        var config = EngineTests.Tiny(arch) with { Activation = Activation.Gelu };
        var model = TransformerFactory.Create<double>(config, seed: 21);
        int[][] xs = [[8, 1, 2, 3], [8, 4, 0]];
        int[][] targets = [[1, 2, 3, -1], [4, 0, 7]];
        int[][]? sources = arch == Architecture.EncoderDecoder ? [[0, 1, 2], [3, 4, 5, 6, 0]] : null;
        var grads = new Gradients<double>();
        model.Backpropagate(xs, targets, grads, sources);

        double Loss()
        {
            // Forward only: mean over targeted positions of −log softmax(logits)[target].
            var logits = model.ForwardBatch(xs, sources: sources);
            double sum = 0;
            int count = 0;
            for (int s = 0; s < xs.Length; s++)
            {
                Glassbox.Tensors.Kernels.LogSoftmaxColumns(logits[s], logits[s]);
                for (int t = 0; t < targets[s].Length; t++)
                    if (targets[s][t] >= 0) { sum -= logits[s][targets[s][t], t]; count++; }
            }
            return sum / count;
        }

        var random = new Random(5);
        int checkedCount = 0;
        foreach (var (name, p) in model.Parameters())
        {
            var g = grads.Of(p);
            double num2 = 0, diff2 = 0, ana2 = 0;
            var span = p.Span;
            int picks = Math.Min(span.Length, 4);
            for (int k = 0; k < picks; k++)
            {
                int i = random.Next(span.Length);
                double old = p.Span[i];
                const double h = 1e-5;
                p.Span[i] = old + h;
                double up = Loss();
                p.Span[i] = old - h;
                double down = Loss();
                p.Span[i] = old;
                double numeric = (up - down) / (2 * h);
                double analytic = g.Span[i];
                num2 += numeric * numeric;
                ana2 += analytic * analytic;
                diff2 += (numeric - analytic) * (numeric - analytic);
            }
            // Relative error, except for gradients that are exactly zero in theory (b_K: softmax ignores a key bias),
            // where the finite difference is pure rounding noise and an absolute bound applies.
            double scale = Math.Sqrt(Math.Max(num2, ana2));
            Assert.True(Math.Sqrt(diff2) < 1e-6 * scale || Math.Sqrt(diff2) < 1e-9, $"{arch} {name}: relative error {Math.Sqrt(diff2) / scale:E2} (|g| = {Math.Sqrt(ana2):E2})");
            checkedCount++;
        }
        Assert.True(checkedCount > 15);
    }

    [Fact]
    public void HardAttentionPassesGradientOnlyToValues()
    {
        var config = EngineTests.Tiny(Architecture.Encoder) with { AttentionMode = AttentionMode.Hard, Norm = NormPlacement.None };
        var model = TransformerFactory.Create<double>(config, seed: 22);
        var grads = new Gradients<double>();
        model.Backpropagate([[1, 2, 3]], [[2, 3, 4]], grads);
        var head = model.Blocks.Blocks[0].SelfAttention!.Heads[0];
        Assert.Equal(0.0, grads.Of(head.Wq).Norm());
        Assert.True(grads.Of(head.Wv).Norm() > 0);
    }
}
