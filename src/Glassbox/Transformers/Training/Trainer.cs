using System.Diagnostics;
using System.Numerics;

namespace Glassbox.Transformers.Training;

/// <summary>Optimisation settings shared by every training loop.</summary>
public sealed record TrainingOptions
{
    /// <summary>Number of minibatch steps (at most).</summary>
    public int Steps { get; init; } = 1000;
    /// <summary>Sequences per minibatch.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Peak learning rate η (linear warm-up, then cosine decay to 10 %).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Warm-up steps.</summary>
    public int WarmupSteps { get; init; } = 100;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Global gradient-norm clip (0: none).</summary>
    public double ClipNorm { get; init; } = 1.0;
    /// <summary>Seed of the data stream (the model has its own seed).</summary>
    public int Seed { get; init; }
    /// <summary>Evaluate (and checkpoint) every this many steps.</summary>
    public int EvaluateEvery { get; init; } = 200;
    /// <summary>Stop early once the held-out metric reaches this value (null: never).</summary>
    public double? TargetAccuracy { get; init; }
}

/// <summary>What a training loop reports while it runs.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps planned.</param>
/// <param name="Loss">Mean training loss (per predicted token) over the recent steps.</param>
/// <param name="TokensPerSecond">Input tokens processed per second so far.</param>
/// <param name="Accuracy">The latest held-out metric, if evaluated.</param>
public sealed record TrainingProgress(int Step, int Steps, double Loss, double TokensPerSecond, double? Accuracy);

/// <summary>The outcome of a training run.</summary>
/// <param name="Steps">Steps actually taken (fewer when stopped early).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="TrainLoss">Mean loss per predicted token over the last 50 steps.</param>
/// <param name="Accuracy">The final held-out metric.</param>
/// <param name="TokensPerSecond">Training throughput.</param>
public sealed record TrainingResult(int Steps, double Seconds, double TrainLoss, double Accuracy, double TokensPerSecond);

/// <summary>
/// Minibatch training with Adam. The paper's Algorithms 11–13 (plain SGD per sequence on summed NLL) are given as
/// <see cref="EDTraining"/>, <see cref="ETraining"/> and <see cref="DTraining"/> over datasets; they and the task
/// trainer share one loop that draws seeded minibatches, averages the loss over predicted tokens, clips, and steps.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Algorithm 13, DTraining: next-token prediction; the loss of sequence x is −Σ_{t=1}^{ℓ−1} log P[x[t+1], t]
    /// (here averaged over the minibatch's predicted tokens).
    /// </summary>
    public static TrainingResult DTraining<T>(Transformer<T> model, IReadOnlyList<int[]> sequences, TrainingOptions options,
        Func<Transformer<T>, double>? evaluate = null, Action<TrainingProgress>? progress = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireArchitecture(model, Architecture.Decoder, "DTraining");
        var items = sequences.Where(s => s.Length >= 2).Select(s => new TrainingItem(s[..^1], s[1..], null, [])).ToList();
        return Fit(model, r => Enumerable.Range(0, options.BatchSize).Select(_ => items[r.Next(items.Count)]).ToList(), options, evaluate, progress);
    }

    /// <summary>
    /// Algorithm 12, ETraining (masked language modelling): each token is replaced by mask_token with probability
    /// p_mask, and the loss is −Σ_{t masked} log P[x[t], t].
    /// </summary>
    public static TrainingResult ETraining<T>(Transformer<T> model, IReadOnlyList<int[]> sequences, int maskToken, double pMask,
        TrainingOptions options, Func<Transformer<T>, double>? evaluate = null, Action<TrainingProgress>? progress = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireArchitecture(model, Architecture.Encoder, "ETraining");
        return Fit(model, r => Enumerable.Range(0, options.BatchSize).Select(_ =>
        {
            var x = sequences[r.Next(sequences.Count)];
            var masked = (int[])x.Clone();
            var targets = new int[x.Length];
            for (int t = 0; t < x.Length; t++)
            {
                bool m = r.NextDouble() < pMask;
                masked[t] = m ? maskToken : x[t];
                targets[t] = m ? x[t] : -1;
            }
            return new TrainingItem(masked, targets, null, []);
        }).ToList(), options, evaluate, progress);
    }

    /// <summary>
    /// Algorithm 11, EDTraining: for pairs (z, x), the loss is −Σ_{t=1}^{ℓ−1} log P[x[t+1], t] with
    /// P = EDTransformer(z, x).
    /// </summary>
    public static TrainingResult EDTraining<T>(Transformer<T> model, IReadOnlyList<(int[] Source, int[] Target)> pairs, TrainingOptions options,
        Func<Transformer<T>, double>? evaluate = null, Action<TrainingProgress>? progress = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireArchitecture(model, Architecture.EncoderDecoder, "EDTraining");
        var items = pairs.Where(p => p.Target.Length >= 2).Select(p => new TrainingItem(p.Target[..^1], p.Target[1..], p.Source, [])).ToList();
        return Fit(model, r => Enumerable.Range(0, options.BatchSize).Select(_ => items[r.Next(items.Count)]).ToList(), options, evaluate, progress);
    }

    /// <summary>
    /// The shared loop: <paramref name="nextBatch"/> draws a minibatch from the seeded stream; every
    /// <see cref="TrainingOptions.EvaluateEvery"/> steps <paramref name="evaluate"/> measures the held-out metric,
    /// <paramref name="checkpoint"/> may save the model, and training stops once the target is reached.
    /// </summary>
    public static TrainingResult Fit<T>(Transformer<T> model, Func<Random, List<TrainingItem>> nextBatch, TrainingOptions options,
        Func<Transformer<T>, double>? evaluate = null, Action<TrainingProgress>? progress = null, Action<int>? checkpoint = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.Steps < 0) throw new UserError("--steps must be ≥ 0");
        if (options.BatchSize < 1) throw new UserError("--batch must be ≥ 1");
        var random = new Random(options.Seed);
        var adam = new Adam<T>(model.Parameters(), weightDecay: options.WeightDecay, clipNorm: options.ClipNorm);
        var grads = new Gradients<T>();
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        var recent = new Queue<double>();
        double? accuracy = null;
        int step = 0;
        while (step < options.Steps)
        {
            var batch = nextBatch(random);
            grads.Clear();
            var (sum, count) = model.Backpropagate(batch.Select(b => b.Input).ToList(), batch.Select(b => b.Targets).ToList(), grads,
                model.Architecture == Architecture.EncoderDecoder ? batch.Select(b => b.Source!).ToList() : null);
            adam.Step(grads, LearningRate(options, step));
            step++;
            tokens += batch.Sum(b => b.Input.Length + (b.Source?.Length ?? 0));
            recent.Enqueue(sum / Math.Max(1, count));
            if (recent.Count > 50) recent.Dequeue();
            bool evalNow = evaluate is not null && (step % Math.Max(1, options.EvaluateEvery) == 0 || step == options.Steps);
            if (evalNow)
            {
                accuracy = evaluate!(model);
                checkpoint?.Invoke(step);
            }
            if (progress is not null && (evalNow || step % 10 == 0 || step == options.Steps))
                progress(new TrainingProgress(step, options.Steps, recent.Average(), tokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds), accuracy));
            if (evalNow && options.TargetAccuracy is { } target && accuracy >= target) break;
        }
        if (evaluate is not null && accuracy is null) accuracy = evaluate(model);
        double seconds = clock.Elapsed.TotalSeconds;
        return new TrainingResult(step, seconds, recent.Count > 0 ? recent.Average() : double.NaN, accuracy ?? double.NaN, tokens / Math.Max(1e-9, seconds));
    }

    /// <summary>Linear warm-up to η, then cosine decay to η/10 at the last step.</summary>
    public static double LearningRate(TrainingOptions o, int step)
    {
        if (step < o.WarmupSteps) return o.LearningRate * (step + 1) / o.WarmupSteps;
        double progress = (step - o.WarmupSteps) / (double)Math.Max(1, o.Steps - o.WarmupSteps);
        return o.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress))));
    }

    private static void RequireArchitecture<T>(Transformer<T> model, Architecture arch, string algorithm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture != arch) throw new UserError($"{algorithm} needs a {arch} model, not {model.Architecture}");
    }
}
