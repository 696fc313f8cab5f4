using System.Globalization;
using Glassbox.Lens;
using Glassbox.Tensors;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Views;

/// <summary>Per-head detector scores of a trained model's main attention stack, indexed [layer][head] (null: not measured).</summary>
/// <param name="PreviousToken">Fraction of attention on the previous position, on the sequence shown (BOS and the first token excluded as queries).</param>
/// <param name="Induction">Fraction of attention on the token after an earlier occurrence of the query's token, over repeated random sequences (second-copy queries only).</param>
/// <param name="Sequences">How many repeated sequences the induction score averages over.</param>
/// <param name="HalfLength">The length of each half of the repeated sequences.</param>
public sealed record HeadScores(double[][] PreviousToken, double[][]? Induction, int Sequences, int HalfLength);

/// <summary>
/// A trained model (<c>.gbm</c>) run on one input: the sequence it sees (its task's prompt and, for a decoder, its
/// own greedy answer), every head's attention pattern, and head scores from Lens/<see cref="HeadDetector"/>.
/// </summary>
/// <param name="Title">The model's name.</param>
/// <param name="Bundle">The model with its tokenizer.</param>
/// <param name="Tokens">The decoder's (or encoder's) sequence as symbols.</param>
/// <param name="Heads">Every head's pattern.</param>
/// <param name="Scores">Head scores.</param>
public sealed record TrainedRun(string Title, ModelBundle Bundle, IReadOnlyList<string> Tokens, IReadOnlyList<HeadPattern> Heads, HeadScores Scores)
{
    /// <summary>Repeated random sequences averaged for the induction score.</summary>
    public const int InductionSequences = 8;

    /// <summary>Runs the model on <paramref name="input"/> (token ids of the task input, no BOS) and records patterns and scores.</summary>
    public static TrainedRun Create(ModelBundle bundle, int[] input, string title, int seed = 0)
    {
        var m = bundle.Model;
        var v = bundle.Tokenizer.Vocabulary;
        var greedy = new Random(seed);
        int[] x;
        int[]? z = null;
        if (bundle.Task == "text") x = input.Length > m.Embedding.MaxLength ? input[^m.Embedding.MaxLength..] : input;
        else if (m.Architecture == Architecture.Decoder)
        {
            var prompt = TaskFormat.Prompt(m.Architecture, v, input);
            int room = Math.Max(0, Math.Min(input.Length + 1, m.Embedding.MaxLength - prompt.Length));
            x = [.. prompt, .. Inference.DInference(m, prompt, room, 0, greedy, v.Eos)];
            if (x.Length > m.Embedding.MaxLength) x = x[..m.Embedding.MaxLength];
        }
        else if (m.Architecture == Architecture.EncoderDecoder)
        {
            z = TaskFormat.Prompt(m.Architecture, v, input);
            x = Inference.EDInference(m, z, v.Bos, v.Eos, 0, greedy, input.Length + 2);
        }
        else x = TaskFormat.Prompt(m.Architecture, v, input);

        var cache = new ActivationCache<float>(n => n.EndsWith("hook_pattern", StringComparison.Ordinal));
        if (z is null) m.Forward(x, null, cache);
        else m.Forward(z, x, null, cache);
        var xLabels = Labels(v, x);
        var zLabels = z is null ? xLabels : Labels(v, z);
        var heads = new List<HeadPattern>();
        foreach (var name in cache.Names)
        {
            var (group, layer) = Parse(name);
            var keys = group is "encoder" or "cross" ? zLabels : xLabels;
            var queries = group == "encoder" ? zLabels : xLabels;
            for (var h = 0; h < cache.HeadCount(name); h++)
                heads.Add(new HeadPattern(layer, h, $"{layer}.{h}", HeadPattern.FromCache(cache, name, h), keys, queries) { Group = group });
        }
        var previous = m.Blocks.Blocks.Select((b, l) => Enumerable.Range(0, b.SelfAttention?.Heads.Count ?? 0)
            .Select(h => PreviousTokenScore(cache[HookNames.Pattern(l), h], skip: bundle.Task == "text" ? 1 : 2)).ToArray()).ToArray();
        var half = Math.Min(10, (m.Embedding.MaxLength - 1) / 2);
        var induction = z is null && half >= 2 && v.OrdinaryCount >= 2 ? Induction(m, v.OrdinaryCount, bundle.Task == "text" ? null : v.Bos, half, seed) : null;
        return new TrainedRun(title, bundle, xLabels, heads, new HeadScores(previous, induction, induction is null ? 0 : InductionSequences, induction is null ? 0 : half));
    }

    private static IReadOnlyList<string> Labels(Glassbox.Transformers.Tokenization.Vocabulary v, int[] ids) => ids.Select(id => v[id]).ToList();

    private static (string Group, int Layer) Parse(string hook)
    {
        var group = hook.StartsWith("encoder.", StringComparison.Ordinal) ? "encoder" : hook.Contains(".cross_attn.", StringComparison.Ordinal) ? "cross" : "";
        var parts = hook.Split('.');
        var at = Array.IndexOf(parts, "blocks");
        return (group, int.Parse(parts[at + 1], CultureInfo.InvariantCulture));
    }

    /// <summary>Previous-token score of one pattern A[key, query], ignoring the first <paramref name="skip"/> queries (BOS, first token).</summary>
    private static double PreviousTokenScore(Tensor<float> pattern, int skip)
    {
        int n = pattern.Columns;
        if (n <= skip) return 0;
        return HeadDetector.Score(Queries(pattern, q => q >= skip), HeadDetector.PreviousTokenPattern(n));
    }

    /// <summary>Induction score per head: second-copy queries' attention to the token after the earlier occurrence.</summary>
    private static double[][] Induction(Transformer<float> m, int symbols, int? bos, int half, int seed)
    {
        var seqs = HeadDetector.RepeatedSequences(InductionSequences, half, 0, symbols, bos, seed);
        var offset = bos is null ? 0 : 1;
        var sums = m.Blocks.Blocks.Select(b => new double[b.SelfAttention?.Heads.Count ?? 0]).ToArray();
        foreach (var seq in seqs)
        {
            var cache = new ActivationCache<float>(n => n.EndsWith(".attn.hook_pattern", StringComparison.Ordinal) && !n.StartsWith("encoder.", StringComparison.Ordinal));
            m.Forward(seq, null, cache);
            var detection = HeadDetector.InductionPattern(seq);
            for (var l = 0; l < sums.Length; l++)
                for (var h = 0; h < sums[l].Length; h++)
                    sums[l][h] += HeadDetector.Score(Queries(cache[HookNames.Pattern(l), h], q => q >= offset + half), detection);
        }
        return sums.Select(row => row.Select(s => s / seqs.Count).ToArray()).ToArray();
    }

    /// <summary>The pattern in double precision with the queries (columns) that fail <paramref name="keep"/> zeroed, so detector scores average over the kept queries only.</summary>
    private static Tensor<double> Queries(Tensor<float> pattern, Func<int, bool> keep)
    {
        var a = pattern.Convert<double>();
        for (var q = 0; q < a.Columns; q++)
            if (!keep(q)) a.Column(q).Clear();
        return a;
    }
}
