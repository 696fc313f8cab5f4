using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class EngineTests
{
    internal static TransformerConfig Tiny(Architecture arch, int layers = 1) =>
        new(arch, VocabSize: 9, MaxLength: 8, DModel: 8, Heads: 2, Layers: layers, DMlp: 12);

    [Fact]
    public void SoftmaxPatternColumnsSumToOneAndMaskedEntriesAreExactlyZero()
    {
        var model = TransformerFactory.Create<double>(Tiny(Architecture.Decoder, 2), seed: 1);
        var cache = new ActivationCache<double>();
        model.Forward([8, 1, 2, 3, 4, 0], cache: cache);
        for (int l = 0; l < 2; l++)
            for (int h = 0; h < 2; h++)
            {
                var a = cache.Pattern(l, h);
                Assert.Equal((6, 6), a.Shape);
                for (int tx = 0; tx < 6; tx++)
                {
                    double sum = 0;
                    for (int tz = 0; tz < 6; tz++)
                    {
                        sum += a[tz, tx];
                        if (tz > tx) Assert.Equal(0.0, a[tz, tx]);
                    }
                    Assert.InRange(Math.Abs(sum - 1), 0, 1e-12);
                }
            }
    }

    [Fact]
    public void DecoderOutputsBeforeAChangedTokenAreBitIdentical()
    {
        var model = TransformerFactory.Create<double>(Tiny(Architecture.Decoder, 2), seed: 2);
        int[] x = [7, 1, 2, 3, 4, 0, 1];
        var before = model.Forward(x);
        for (int changed = 1; changed < x.Length; changed++)
        {
            var y = (int[])x.Clone();
            y[changed] = (y[changed] + 3) % 5;
            var after = model.Forward(y);
            for (int t = 0; t < changed; t++)
                for (int v = 0; v < before.Rows; v++) Assert.Equal(before[v, t], after[v, t]);
            Assert.NotEqual(before[0, changed], after[0, changed]);
        }
    }

    [Fact]
    public void EncoderOutputsDependOnLaterTokens()
    {
        var model = TransformerFactory.Create<double>(Tiny(Architecture.Encoder), seed: 3);
        var a = model.Forward([1, 2, 3]);
        var b = model.Forward([1, 2, 4]);
        Assert.NotEqual(a[0, 0], b[0, 0]);
    }

    [Fact]
    public void LayerNormColumnsHaveMeanZeroAndVarianceOne()
    {
        var norm = new LayerNorm<double>(16);
        var x = Tensor<double>.RandomNormal(16, 10, seed: 4, std: 3, mean: 2);
        var y = norm.Apply(x);
        for (int t = 0; t < 10; t++)
        {
            double mean = 0, variance = 0;
            for (int i = 0; i < 16; i++) mean += y[i, t] / 16;
            for (int i = 0; i < 16; i++) variance += (y[i, t] - mean) * (y[i, t] - mean) / 16;
            Assert.InRange(Math.Abs(mean), 0, 1e-12);
            Assert.InRange(Math.Abs(variance - 1), 0, 1e-9);
        }
    }

    [Fact]
    public void PreLayerNormLeavesTheResidualStreamUnnormalised()
    {
        var model = TransformerFactory.Create<double>(Tiny(Architecture.Decoder, 2), seed: 5);
        var cache = new ActivationCache<double>();
        model.Forward([1, 2, 3, 4], cache: cache);
        var r = cache[HookNames.ResidPost(0)];
        double mean = 0;
        for (int i = 0; i < r.Rows; i++) mean += r[i, 1] / r.Rows;
        var postLn = TransformerFactory.Create<double>(Tiny(Architecture.Decoder, 2) with { Norm = NormPlacement.Post }, seed: 5);
        Assert.True(Math.Abs(mean) > 1e-6, "pre-LN must not normalise the residual itself");
        Assert.True(model.Forward([1, 2, 3, 4]).MaxAbsDifference(postLn.Forward([1, 2, 3, 4])) > 1e-6);
    }

    [Fact]
    public void SingleQueryAttentionEqualsAColumnOfMaskedAttention()
    {
        var head = new AttentionHead<double>(Tensor<double>.RandomNormal(3, 5, seed: 6), Tensor<double>.RandomNormal(3, 4, seed: 7),
            Tensor<double>.RandomNormal(2, 4, seed: 8), Tensor<double>.RandomNormal(3, 1, seed: 9), Tensor<double>.RandomNormal(3, 1, seed: 10),
            Tensor<double>.RandomNormal(2, 1, seed: 11));
        var x = Tensor<double>.RandomNormal(5, 4, seed: 12);
        var z = Tensor<double>.RandomNormal(4, 6, seed: 13);
        var ones = new bool[6, 4];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) ones[i, j] = true;
        var all = head.Attend(x, z, ones);
        for (int t = 0; t < 4; t++)
        {
            var single = head.SingleQuery(x.ColumnRange(t, 1), z);
            for (int i = 0; i < 2; i++) Assert.InRange(Math.Abs(single[i, 0] - all[i, t]), 0, 1e-12);
        }
    }

    [Fact]
    public void HardAttentionAveragesExactlyOverTiedMaxima()
    {
        // Keys 0, 2 and 3 tie for the largest score with the single query; values are 1, 10, 100, 1000.
        var wq = Tensor<double>.FromRows(1, 1, 1.0);
        var wk = Tensor<double>.FromRows(1, 2, 1.0, 0.0);
        var wv = Tensor<double>.FromRows(1, 2, 0.0, 1.0);
        var head = new AttentionHead<double>(wq, wk, wv);
        var x = Tensor<double>.FromRows(1, 1, 1.0);
        var z = Tensor<double>.FromRows(2, 4, 5.0, 2.0, 5.0, 5.0, 1.0, 10.0, 100.0, 1000.0);
        var y = head.Attend(x, z, options: new AttentionOptions(Mode: AttentionMode.Hard));
        Assert.Equal((1.0 + 100.0 + 1000.0) / 3.0, y[0, 0]);
        var soft = head.Attend(x, z, options: new AttentionOptions(Scale: 1e6));
        Assert.InRange(Math.Abs(soft[0, 0] - 367.0), 0, 1e-9);
    }

    [Fact]
    public void SinusoidalPositionsUseBaseMaxLength()
    {
        var wp = Embedding<double>.Sinusoidal(4, 10);
        Assert.Equal(Math.Sin(1.0 / Math.Pow(10, 0.5)), wp[0, 0], 15);
        Assert.Equal(Math.Cos(3.0 / Math.Pow(10, 1.0)), wp[3, 2], 15);
    }

    [Fact]
    public void ReplacingAnActivationChangesTheOutputAccordingly()
    {
        var model = TransformerFactory.Create<double>(Tiny(Architecture.Encoder), seed: 14);
        int[] x = [1, 2, 3, 0];
        var plain = model.Forward(x);
        var hooks = new HookSet<double>().Add(HookNames.AttnOut(0), c => c.Activation.Clear());
        var ablated = model.Forward(x, hooks);
        Assert.True(plain.MaxAbsDifference(ablated) > 1e-6);

        // Zeroing the attention output must equal a model whose W_O and b_O are zero.
        var attention = model.Blocks.Blocks[0].SelfAttention!;
        var savedWo = attention.Wo.Clone();
        var savedBo = attention.Bo!.Clone();
        attention.Wo.Clear();
        attention.Bo.Clear();
        var zeroed = model.Forward(x);
        savedWo.CopyTo(attention.Wo);
        savedBo.CopyTo(attention.Bo);
        Assert.True(ablated.ContentEquals(zeroed));
        Assert.True(plain.ContentEquals(model.Forward(x)));

        // A hook that only reads leaves the output unchanged, and the cache sees every documented hook point.
        var cache = new ActivationCache<double>();
        Assert.True(plain.ContentEquals(model.Forward(x, new HookSet<double>().Add(_ => true, _ => { }), cache)));
        foreach (var name in new[] { HookNames.Embed, HookNames.PosEmbed, HookNames.ResidPre(0), HookNames.AttnOut(0), HookNames.ResidMid(0),
                     HookNames.MlpPre(0), HookNames.MlpPost(0), HookNames.MlpOut(0), HookNames.ResidPost(0), HookNames.Logits })
            Assert.True(cache.Contains(name), name);
        foreach (var name in new[] { HookNames.Q(0), HookNames.K(0), HookNames.V(0), HookNames.Scores(0), HookNames.Pattern(0), HookNames.Z(0), HookNames.Result(0) })
            Assert.Equal(2, cache.HeadCount(name));
        // Per-head results plus b_O add up to the attention output.
        var sum = cache[HookNames.Result(0), 0].Clone();
        Kernels.Add(sum, cache[HookNames.Result(0), 1], sum);
        Kernels.AddColumnBroadcast(sum, attention.Bo, sum);
        Assert.True(sum.AllClose(cache[HookNames.AttnOut(0)], 1e-12, 1e-12));
    }

    [Fact]
    public void BatchedForwardEqualsOneSequenceAtATime()
    {
        foreach (var arch in new[] { Architecture.Encoder, Architecture.Decoder })
        {
            var model = TransformerFactory.Create<double>(Tiny(arch, 2), seed: 15);
            int[][] xs = [[1, 2, 3], [4], [0, 1, 2, 3, 4, 5, 6, 7], [2, 2]];
            var batch = model.ForwardBatch(xs);
            for (int s = 0; s < xs.Length; s++)
                Assert.True(batch[s].AllClose(model.Forward(xs[s]), 1e-12, 1e-12));
        }
    }
}
