using System.Numerics;
using Glassbox.Tensors;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Transformers.Training;

/// <summary>Greedy (τ = 0) predictions for task items, batched, and held-out sequence accuracy.</summary>
public static class Evaluation
{
    /// <summary>
    /// The model's answer for every item: per-position argmax for the encoder; for the decoder and the
    /// encoder-decoder, greedy generation of as many tokens as the expected answer has (Algorithms 14/15 with τ → 0).
    /// </summary>
    public static int[][] Predict<T>(Transformer<T> model, IReadOnlyList<TrainingItem> items, Vocabulary v, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new int[items.Count][];
        for (int start = 0; start < items.Count; start += batchSize)
        {
            var batch = items.Skip(start).Take(batchSize).ToList();
            var predictions = model.Architecture switch
            {
                Architecture.Encoder => PredictEncoder(model, batch),
                Architecture.Decoder => Generate(model, batch, v, null),
                _ => Generate(model, batch, v, batch.Select(b => b.Source!).ToList()),
            };
            predictions.CopyTo(result, start);
        }
        return result;
    }

    /// <summary>Fraction of items whose whole predicted answer equals the expected one.</summary>
    public static double SequenceAccuracy<T>(Transformer<T> model, IReadOnlyList<TrainingItem> items, Vocabulary v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (items.Count == 0) return 0;
        var predicted = Predict(model, items, v);
        int correct = 0;
        for (int i = 0; i < items.Count; i++) if (predicted[i].AsSpan().SequenceEqual(items[i].Answer)) correct++;
        return correct / (double)items.Count;
    }

    private static int[][] PredictEncoder<T>(Transformer<T> model, List<TrainingItem> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var logits = model.ForwardBatch(batch.Select(b => b.Input).ToList());
        return logits.Select(l => Kernels.ArgMaxColumns(l)[1..]).ToArray();
    }

    private static int[][] Generate<T>(Transformer<T> model, List<TrainingItem> batch, Vocabulary v, List<int[]>? sources)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var prefixes = batch.Select(b => sources is null ? b.Input[..(b.Input.Length - b.Answer.Length + 1)].ToList() : new List<int> { v.Bos }).ToList();
        var answers = batch.Select(_ => new List<int>()).ToList();
        int steps = batch.Max(b => b.Answer.Length);
        for (int k = 0; k < steps; k++)
        {
            var active = Enumerable.Range(0, batch.Count).Where(i => answers[i].Count < batch[i].Answer.Length).ToList();
            if (active.Count == 0) break;
            var logits = model.ForwardBatch(active.Select(i => prefixes[i].ToArray()).ToList(), sources: sources is null ? null : active.Select(i => sources[i]).ToList());
            for (int a = 0; a < active.Count; a++)
            {
                int i = active[a];
                int y = Inference.Sample<T>(logits[a].Column(logits[a].Columns - 1), 0, Random.Shared);
                answers[i].Add(y);
                prefixes[i].Add(y);
            }
        }
        return answers.Select(a => a.ToArray()).ToArray();
    }
}
