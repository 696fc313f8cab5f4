using Glassbox.Lens;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Lens;

public class CircuitTests
{
    private const int Vocab = 40, Length = 10, MaxLength = 22;

    [Fact]
    public void HandBuiltInductionCircuitIsDetected()
    {
        var model = InductionCircuit.Build(Vocab, MaxLength);
        // Ten random segments of distinct tokens (so every token has one earlier occurrence), repeated, BOS = the last token.
        var rng = new Random(5);
        var seqs = Enumerable.Range(0, 10).Select(_ =>
        {
            var half = Enumerable.Range(0, Vocab - 1).OrderBy(_ => rng.Next()).Take(Length).ToArray();
            return (int[])[Vocab - 1, .. half, .. half];
        }).ToList();
        var scores = HeadDetector.RepeatedScores(model, seqs, Length, hasBos: true);
        Assert.True(scores.Induction[1][0] > 0.9, $"induction score {scores.Induction[1][0]}");
        Assert.True(scores.PreviousToken[0][0] > 0.99, $"previous-token score {scores.PreviousToken[0][0]}");
        Assert.True(scores.Induction[0][0] < 0.2);
        Assert.Equal(["1.0"], RepeatedSequenceScores.Above(scores.Induction, 0.4));

        // Second-copy tokens are predicted, first-copy ones are not.
        double first = 0, second = 0;
        foreach (var s in seqs)
        {
            var logits = model.Forward(s);
            Kernels.LogSoftmaxColumns(logits, logits);
            // BOS at 0, first copy at 1..L, second at L+1..2L; column t predicts token t + 1.
            for (int t = 1; t < Length; t++) first -= logits[s[t + 1], t];
            for (int t = Length + 1; t < 2 * Length; t++) second -= logits[s[t + 1], t];
        }
        first /= seqs.Count * (Length - 1);
        second /= seqs.Count * (Length - 1);
        Assert.True(second < 0.5 && first > 2.5, $"loss first {first}, second {second}");
    }

    [Fact]
    public void CompositionOfTheHandBuiltCircuitIsPureKComposition()
    {
        var circuits = new Circuits(InductionCircuit.Build(Vocab, MaxLength));
        double k = circuits.Composition(CompositionKind.K, 0, 0, 1, 0);
        Assert.Equal(0.0, circuits.Composition(CompositionKind.Q, 0, 0, 1, 0), 12);
        Assert.Equal(0.0, circuits.Composition(CompositionKind.V, 0, 0, 1, 0), 12);
        Assert.Equal(0.0, circuits.Composition(CompositionKind.K, 1, 0, 0, 0));
        // W_QK and W_OV are scaled (partial) permutation-like maps of rank V: aligned rank-V composition gives 1/√V.
        Assert.Equal(1 / Math.Sqrt(Vocab), k, 9);
        double baseline = Circuits.RandomBaseline(3 * Vocab + MaxLength, Vocab, samples: 5, seed: 1);
        Assert.True(k > baseline * 0.5 && baseline < 0.2, $"k {k}, baseline {baseline}");
        // The induction head's OV circuit copies, the previous-token head's full OV does not write logits at all.
        Assert.Equal(1.0, circuits.CopyingScore(1, 0), 9);
        Assert.Equal(1.0, circuits.OVDiagonalTop1(1, 0), 12);
        Assert.Equal(0.0, circuits.FullOV(0, 0).FrobeniusNorm(), 12);
    }

    [Fact]
    public void RandomBaselineIsAboutOneOverRootD()
    {
        double b = Circuits.RandomBaseline(64, 16, samples: 10, seed: 2);
        Assert.InRange(b, 0.09, 0.16);
    }

    private static Transformer<double> SmallTrainedShape() =>
        TransformerFactory.Create<double>(new TransformerConfig(Architecture.Decoder, VocabSize: 12, MaxLength: 10, DModel: 16, Heads: 2, Layers: 2), seed: 4);

    [Fact]
    public void DirectLogitAttributionSumsToTheLogit()
    {
        var model = SmallTrainedShape();
        int[] x = [1, 5, 2, 7, 3];
        var logits = model.Forward(x);
        foreach (var (pos, v) in new[] { (4, 3), (2, 9) })
        {
            var parts = Attribution.DirectLogitAttribution(model, x, pos, v);
            Assert.Equal(logits[v, pos], parts.Sum(p => p.Value), 9);
            Assert.Contains(parts, p => p.Component == "L1H1");
        }
        // Several columns from one pass: the same splits as one column at a time.
        var together = Attribution.DirectLogitAttribution(model, x, [(4, 3), (2, 9), (0, 1)]);
        Assert.Equal(3, together.Count);
        foreach (var ((pos, v), split) in new[] { (4, 3), (2, 9), (0, 1) }.Zip(together))
            Assert.Equal(Attribution.DirectLogitAttribution(model, x, pos, v), split);
        var lens = Attribution.LogitLens(model, x);
        Assert.Equal(3, lens.Count);
        Assert.True(lens[^1].AllClose(logits, 1e-9, 1e-9));
    }

    [Fact]
    public void PatchingAWholeRunReproducesItAndAblationChangesIt()
    {
        var model = SmallTrainedShape();
        int[] clean = [1, 5, 2, 7, 3], corrupt = [1, 6, 2, 7, 3];
        var (cleanLogits, cache) = Patching.RunWithCache(model, clean);
        var patched = Patching.Patch(model, corrupt, cache, HookNames.ResidPre(1));
        Assert.True(patched.AllClose(cleanLogits, 1e-12, 1e-12));
        var untouched = Patching.Patch(model, corrupt, cache, HookNames.ResidPre(1), positions: [0]);
        Assert.True(untouched.AllClose(model.Forward(corrupt), 1e-12, 1e-12));
        var ablated = Patching.ZeroAblate(model, clean, HookNames.Z(0), head: 1);
        Assert.False(ablated.AllClose(cleanLogits, 1e-6, 1e-6));
        var sweep = Patching.ResidualSweep(model, clean, corrupt, l => l[3, 4]);
        Assert.Equal(1.0, sweep[0, 1], 9);   // the corrupted position, before layer 0, carries the whole difference
        Assert.Equal(0.0, sweep[0, 2], 9);
        Assert.Throws<ArgumentException>(() => Patching.ZeroAblate(model, clean, "blocks.9.hook_resid_pre"));
        var (tokens, genCache) = Patching.GenerateWithCache(model, [1, 2], 3, 0, seed: 1);
        Assert.Equal(5, tokens.Length);
        Assert.Equal(4, genCache.Pattern(0, 0).Columns);
    }
}

public class PathExpansionTests
{
    [Fact]
    public void DirectPerHeadAndVirtualTermsSumToTheLogits()
    {
        var model = InductionExperiment.CreateModel(new InductionSettings { Layers = 2, DModel = 12, Heads = 3, Vocab = 7, Context = 12, Seed = 3 });
        int[] x = [7, 1, 4, 1, 5, 2, 6, 3];
        var terms = PathExpansion.Expand(model, x);
        Assert.Equal(1 + 6 + 9, terms.Count);
        var sum = new Glassbox.Tensors.Tensor<double>(8, x.Length);
        foreach (var t in terms) Glassbox.Tensors.Kernels.Add(sum, t.Logits, sum);
        Assert.True(sum.MaxAbsDifference(model.Forward(x)) < 1e-9, $"difference {sum.MaxAbsDifference(model.Forward(x))}");
        Assert.Contains(terms, t => t.Path == "L1H2·L0H0");
    }
}
