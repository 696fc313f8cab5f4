using System.Diagnostics;
using Glassbox.Tensors;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Lens;

/// <summary>Settings of the induction-head experiment (defaults: a few minutes on one core for two layers).</summary>
public sealed record InductionSettings
{
    /// <summary>Attention-only layers (1 or 2 in the papers' comparison).</summary>
    public int Layers { get; init; } = 2;
    /// <summary>Seed of the weights and the data.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Ordinary tokens (BOS is one more id).</summary>
    public int Vocab { get; init; } = 32;
    /// <summary>Context length ℓ_max (BOS included).</summary>
    public int Context { get; init; } = 36;
    /// <summary>d_model.</summary>
    public int DModel { get; init; } = 64;
    /// <summary>Heads per layer.</summary>
    public int Heads { get; init; } = 4;
    /// <summary>Training steps.</summary>
    public int Steps { get; init; } = 1500;
    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>Segment length of the evaluation sequences [BOS, S, S].</summary>
    public int EvalLength { get; init; } = 15;
    /// <summary>Evaluation sequences.</summary>
    public int EvalBatch { get; init; } = 40;
    /// <summary>Measure the induction score every this many steps (for the curve).</summary>
    public int EvaluateEvery { get; init; } = 50;
}

/// <summary>One point of the training curve.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Loss">Mean training loss per predicted token (recent steps).</param>
/// <param name="MaxInductionScore">Largest head induction score at this step, when measured.</param>
public sealed record CurvePoint(int Step, double Loss, double? MaxInductionScore);

/// <summary>The experiment's outcome.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Scores">Per-head scores on [BOS, S, S] sequences.</param>
/// <param name="MaxInductionScore">The largest head induction score.</param>
/// <param name="InductionHeads">Heads with induction score &gt; 0.4 ("layer.head").</param>
/// <param name="PrevTokenHeads">Heads with previous-token score &gt; 0.4.</param>
/// <param name="LossFirstHalf">Mean loss predicting first-copy tokens (≈ ln V: they are random).</param>
/// <param name="LossSecondHalf">Mean loss predicting second-copy tokens (low once an induction head copies).</param>
/// <param name="KComposition">K-composition from the best previous-token head into the best induction head (2 layers; else null).</param>
/// <param name="CompositionBaseline">Mean composition score of random matrices of the same shapes.</param>
/// <param name="Curve">The training curve.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="Model">The trained model (for further lenses).</param>
public sealed record InductionResult(InductionSettings Settings, RepeatedSequenceScores Scores, double MaxInductionScore,
    IReadOnlyList<string> InductionHeads, IReadOnlyList<string> PrevTokenHeads, double LossFirstHalf, double LossSecondHalf,
    double? KComposition, double CompositionBaseline, IReadOnlyList<CurvePoint> Curve, double Seconds, Transformer<double> Model);

/// <summary>
/// The induction-head experiment of "In-context Learning and Induction Heads": trains an attention-only decoder
/// (no MLP, no layer norm, learned positions) on sequences in which a random segment of random length occurs twice at
/// random places (so no fixed positional offset can predict the repeat), then measures per head the previous-token
/// and induction scores on [BOS, S, S], the loss on the first versus the second copy, and the K-composition of the
/// best previous-token head into the best induction head. Two layers form an induction head; one layer cannot
/// (it has no earlier head to compose with).
/// </summary>
public static class InductionExperiment
{
    /// <summary>Threshold above which a head counts as an induction or previous-token head (ARENA's).</summary>
    public const double HeadThreshold = 0.4;

    /// <summary>The attention-only decoder of the experiment with seeded random weights.</summary>
    public static Transformer<double> CreateModel(InductionSettings s)
    {
        var rng = new Random(s.Seed);
        int d = s.DModel, dh = d / s.Heads, nv = s.Vocab + 1;
        Tensor<double> M(int r, int c, double std) => Tensor<double>.RandomNormal(r, c, rng, std);
        var blocks = Enumerable.Range(0, s.Layers).Select(_ =>
        {
            var heads = Enumerable.Range(0, s.Heads).Select(_ => new AttentionHead<double>(M(dh, d, 1 / Math.Sqrt(d)), M(dh, d, 1 / Math.Sqrt(d)),
                M(dh, d, 1 / Math.Sqrt(d)), new Tensor<double>(dh, 1), new Tensor<double>(dh, 1), new Tensor<double>(dh, 1))).ToList();
            var attn = new MultiHeadAttention<double>(heads, M(d, s.Heads * dh, 1 / Math.Sqrt(s.Heads * dh * 2.0 * s.Layers)), new Tensor<double>(d, 1),
                new AttentionOptions(Causal: true));
            return new TransformerBlock<double>(attn, null, NormPlacement.None);
        }).ToList();
        var embedding = new Embedding<double>(M(d, nv, 1), M(d, s.Context, 1));
        return new Transformer<double>(Architecture.Decoder, embedding, new BlockStack<double>(blocks), M(nv, d, 1 / Math.Sqrt(d)));
    }

    /// <summary>A training sequence: BOS, random tokens, and a random segment (length 4…(ℓ−1)/2) copied to a later random place.</summary>
    public static int[] TrainingSequence(InductionSettings s, Random rng)
    {
        int n = s.Context, bos = s.Vocab;
        var x = new int[n];
        x[0] = bos;
        for (int t = 1; t < n; t++) x[t] = rng.Next(s.Vocab);
        int len = rng.Next(Math.Min(4, (n - 1) / 2), (n - 1) / 2 + 1);
        int first = rng.Next(1, n - 2 * len + 1);
        int second = rng.Next(first + len, n - len + 1);
        for (int i = 0; i < len; i++) x[second + i] = x[first + i];
        return x;
    }

    /// <summary>Trains and measures. <paramref name="progress"/> sees every curve point as it is made.</summary>
    public static InductionResult Run(InductionSettings s, Action<CurvePoint>? progress = null)
    {
        if (s.Layers < 1) throw new UserError($"--layers must be at least 1 (got {s.Layers})");
        if (s.Layers > 4) throw new UserError($"--layers must be at most 4 for this experiment (got {s.Layers})");
        if (s.Steps < 1) throw new UserError($"--steps must be at least 1 (got {s.Steps})");
        if (s.Heads < 1 || s.DModel < s.Heads || s.DModel % s.Heads != 0) throw new UserError($"--d-model {s.DModel} must be a positive multiple of --heads {s.Heads}");
        if (s.Vocab < 2) throw new UserError($"--vocab-size must be at least 2 (got {s.Vocab})");
        if (s.BatchSize < 1) throw new UserError($"--batch must be at least 1 (got {s.BatchSize})");
        if (s.EvalLength < 2) throw new UserError($"--eval-length must be at least 2 (got {s.EvalLength})");
        if (s.Context < 9) throw new UserError($"--context must be at least 9 (got {s.Context})");
        if (2 * s.EvalLength + 1 > s.Context) throw new UserError($"evaluation sequences of 2×{s.EvalLength}+1 tokens do not fit the context {s.Context}");
        var clock = Stopwatch.StartNew();
        var model = CreateModel(s);
        var evalSeqs = HeadDetector.RepeatedSequences(s.EvalBatch, s.EvalLength, 0, s.Vocab, s.Vocab, s.Seed + 1000);
        var curve = new List<CurvePoint>();
        var options = new TrainingOptions
        {
            Steps = s.Steps, BatchSize = s.BatchSize, LearningRate = s.LearningRate, WarmupSteps = Math.Min(100, s.Steps / 10),
            WeightDecay = 0.01, Seed = s.Seed, EvaluateEvery = s.EvaluateEvery,
        };
        double? lastScore = null;
        Trainer.Fit(model, r => Enumerable.Range(0, s.BatchSize).Select(_ =>
            {
                var x = TrainingSequence(s, r);
                var targets = new int[x.Length - 1];
                Array.Copy(x, 1, targets, 0, targets.Length);
                return new TrainingItem(x[..^1], targets, null, []);
            }).ToList(), options,
            evaluate: m => (lastScore = MaxScore(HeadDetector.RepeatedScores(m, evalSeqs, s.EvalLength, true).Induction)).Value,
            progress: p =>
            {
                bool scored = lastScore is not null && (p.Step % s.EvaluateEvery == 0 || p.Step == s.Steps);
                var point = new CurvePoint(p.Step, p.Loss, scored ? lastScore : null);
                curve.Add(point);
                progress?.Invoke(point);
            });

        var scores = HeadDetector.RepeatedScores(model, evalSeqs, s.EvalLength, true);
        var (first, second) = CopyLosses(model, evalSeqs, s.EvalLength);
        double? kComp = null;
        var circuits = new Circuits(model);
        if (s.Layers >= 2)
        {
            var (il, ih) = ArgMax(scores.Induction, minLayer: 1);
            var (pl, ph) = ArgMax(scores.PreviousToken, minLayer: 0, maxLayer: il - 1);
            kComp = circuits.Composition(CompositionKind.K, pl, ph, il, ih);
        }
        double baseline = Circuits.RandomBaseline(s.DModel, s.DModel / s.Heads, samples: 20, seed: s.Seed);
        return new InductionResult(s, scores, MaxScore(scores.Induction),
            RepeatedSequenceScores.Above(scores.Induction, HeadThreshold), RepeatedSequenceScores.Above(scores.PreviousToken, HeadThreshold),
            first, second, kComp, baseline, curve, clock.Elapsed.TotalSeconds, model);
    }

    /// <summary>Mean loss predicting first-copy tokens 2…L and second-copy tokens 2…L of [BOS, S, S] sequences.</summary>
    public static (double First, double Second) CopyLosses(Transformer<double> model, IReadOnlyList<int[]> seqs, int length)
    {
        double first = 0, second = 0;
        int n = 0;
        foreach (var (logits, s) in model.ForwardBatch(seqs).Zip(seqs))
        {
            Kernels.LogSoftmaxColumns(logits, logits);
            // Column t predicts token t + 1; BOS at 0, first copy at 1…L, second at L+1…2L.
            for (int t = 1; t < length; t++) first -= logits[s[t + 1], t];
            for (int t = length + 1; t < 2 * length; t++) second -= logits[s[t + 1], t];
            n += length - 1;
        }
        return (first / n, second / n);
    }

    private static double MaxScore(double[][] scores) => scores.SelectMany(r => r).DefaultIfEmpty(0).Max();

    private static (int Layer, int Head) ArgMax(double[][] scores, int minLayer, int maxLayer = int.MaxValue)
    {
        (int, int) best = (minLayer, 0);
        double max = double.NegativeInfinity;
        for (int l = minLayer; l < scores.Length && l <= maxLayer; l++)
            for (int h = 0; h < scores[l].Length; h++)
                if (scores[l][h] > max) { max = scores[l][h]; best = (l, h); }
        return best;
    }
}
