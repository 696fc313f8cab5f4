using System.Numerics;
using Glassbox.Lens;
using Glassbox.Tensors;
using Glassbox.Tensors.Benchmarks;
using Glassbox.Transformers;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Training;

namespace Glassbox.Benchmarks;

/// <summary>
/// Training throughput: tokens per second of one forward+backward pass over a minibatch, on one core, for the
/// induction-head experiment's model (2-layer attention-only decoder, float64, 32 sequences of 35 tokens) and for
/// <c>glassbox train</c>'s default reverse task (2-layer encoder, d_model 64, float32, 32 sequences). The baseline is
/// the tokens per second the same step would reach if every one of its counted FLOPs (<see cref="FlopCount"/>) ran at
/// the one-core plain-SIMD peak measured in the same run, so the ratio is the fraction of that peak reached.
/// </summary>
public static class TrainingFigures
{
    /// <summary>Measures both models.</summary>
    public static List<Figure> Measure(bool quick)
    {
        var figures = new List<Figure>();
        var induction = new InductionSettings();
        var inductionModel = InductionExperiment.CreateModel(induction);
        var rng = new Random(1);
        var inductionBatch = Enumerable.Range(0, induction.BatchSize).Select(_ =>
        {
            var x = InductionExperiment.TrainingSequence(induction, rng);
            return new TrainingItem(x[..^1], x[1..], null, []);
        }).ToList();
        figures.Add(Measure("train_induction_2layer_f64", inductionModel, inductionBatch, quick));

        var generator = new TaskGenerator(TaskKind.Reverse, 8, 8);
        var v = generator.Tokenizer.Vocabulary;
        var config = new TransformerConfig(Architecture.Encoder, v.Size, TaskFormat.ContextLength(Architecture.Encoder, 8), 64, 1, 2)
        {
            Activation = Activation.Relu,
        };
        var reverseModel = TransformerFactory.Create<float>(config, 1);
        var reverseBatch = Enumerable.Range(0, 32).Select(_ => TaskFormat.Encode(Architecture.Encoder, v, generator.Next(rng))).ToList();
        figures.Add(Measure("train_reverse_encoder_f32", reverseModel, reverseBatch, quick));
        return figures;
    }

    /// <summary>One model's forward+backward tokens/s (one core) against the peak-implied tokens/s.</summary>
    public static Figure Measure<T>(string name, Transformer<T> model, List<TrainingItem> batch, bool quick)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = batch.Select(b => b.Input).ToList();
        var targets = batch.Select(b => b.Targets).ToList();
        var grads = new Gradients<T>();
        double tokens = inputs.Sum(x => x.Length);
        double flops = FlopCount.TrainingStep(model, inputs.Select(x => x.Length).ToList());
        const int peakIterations = 1 << 14;
        double peakFlops = Peak.FlopsPerRun<T>(peakIterations);
        Action step = () =>
        {
            grads.Clear();
            model.Backpropagate(inputs, targets, grads);
        };
        return Timing.OnOneCore(() =>
        {
            Timing.WarmUp(() => Peak.Run<T>(peakIterations), 0.1);
            Timing.WarmUp(step, quick ? 0.2 : 0.5);
            var (steps, peaks) = Timing.BestOfInterleaved(step, () => Peak.Run<T>(peakIterations), quick ? 3 : 9, quick ? 0.02 : 0.05);
            return new Figure(name + "_1core", steps * tokens, "tokens/s", $"simd_peak_1core_{TypeName<T>()} ÷ FLOPs/token", peaks * peakFlops * tokens / flops);
        });
    }

    internal static string TypeName<T>() => typeof(T) == typeof(float) ? "f32" : "f64";
}
