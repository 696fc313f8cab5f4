using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>How a head's pattern is compared with a detection pattern.</summary>
public enum DetectionMeasure
{
    /// <summary>Σ(A ⊙ D) / ΣA: the fraction of (non-excluded) attention on the expected positions.</summary>
    Mul,
    /// <summary>1 − Σ|A − D| / ℓ, in [−1, 1]; 1 exactly when A = D.</summary>
    Abs,
}

/// <summary>Per-head scores on repeated random sequences, indexed [layer][head].</summary>
/// <param name="PreviousToken">Mean attention from each position to the one before it (BOS and the first token excluded as queries).</param>
/// <param name="DuplicateToken">Mean attention from each second-copy token to the same token in the first copy.</param>
/// <param name="Induction">Mean attention from each second-copy token to the token after its earlier occurrence.</param>
public sealed record RepeatedSequenceScores(double[][] PreviousToken, double[][] DuplicateToken, double[][] Induction)
{
    /// <summary>Heads whose score passes <paramref name="threshold"/>, as "layer.head".</summary>
    public static IReadOnlyList<string> Above(double[][] scores, double threshold) =>
        scores.SelectMany((row, l) => row.Select((s, h) => (l, h, s))).Where(x => x.s > threshold).Select(x => $"{x.l}.{x.h}").ToList();
}

/// <summary>
/// Head detectors after TransformerLens' <c>detect_head</c> and the induction-head papers. Patterns here use the
/// engine's orientation A[key, query] (each column, one query, sums to 1); detection patterns D likewise.
/// </summary>
public static class HeadDetector
{
    /// <summary>
    /// Scores one pattern against a detection pattern. <paramref name="excludeBos"/> ignores attention to key 0;
    /// <paramref name="excludeCurrentToken"/> ignores attention of a query to itself (both before normalising, as in
    /// TransformerLens: the previous-token example there gives 0.325, and 0.842 with both exclusions).
    /// </summary>
    public static double Score(Tensor<double> pattern, bool[,] detection, bool excludeBos = false, bool excludeCurrentToken = false,
        DetectionMeasure measure = DetectionMeasure.Mul)
    {
        int n = pattern.Columns;
        if (pattern.Rows < n || detection.GetLength(0) != n || detection.GetLength(1) != n)
            throw new ArgumentException($"pattern is {pattern.Rows}×{pattern.Columns}, detection {detection.GetLength(0)}×{detection.GetLength(1)}: both must be ℓ×ℓ");
        double hit = 0, total = 0, abs = 0;
        for (int q = 0; q < n; q++)
            for (int k = 0; k < n; k++)
            {
                double a = pattern[k, q];
                if ((excludeBos && k == 0) || (excludeCurrentToken && k == q)) a = 0;
                double d = detection[k, q] ? 1 : 0;
                hit += a * d;
                total += a;
                abs += Math.Abs(a - d);
            }
        return measure == DetectionMeasure.Mul ? (total == 0 ? 0 : hit / total) : 1 - abs / n;
    }

    /// <summary>D[key, query] = [key = query − 1].</summary>
    public static bool[,] PreviousTokenPattern(int length)
    {
        var d = new bool[length, length];
        for (int q = 1; q < length; q++) d[q - 1, q] = true;
        return d;
    }

    /// <summary>D[key, query] = [key &lt; query and tokens[key] = tokens[query]].</summary>
    public static bool[,] DuplicateTokenPattern(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count;
        var d = new bool[n, n];
        for (int q = 0; q < n; q++)
            for (int k = 0; k < q; k++) d[k, q] = tokens[k] == tokens[q];
        return d;
    }

    /// <summary>D[key, query] = [1 ≤ key ≤ query and tokens[key − 1] = tokens[query] with key − 1 &lt; query]: the token after an earlier occurrence.</summary>
    public static bool[,] InductionPattern(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count;
        var d = new bool[n, n];
        for (int q = 0; q < n; q++)
            for (int k = 1; k <= q; k++) d[k, q] = tokens[k - 1] == tokens[q];
        return d;
    }

    /// <summary>Runs <paramref name="tokens"/> and scores every head's pattern against <paramref name="detection"/>: [layer][head].</summary>
    public static double[][] Detect(Transformer<double> model, int[] tokens, bool[,] detection, bool excludeBos = false,
        bool excludeCurrentToken = false, DetectionMeasure measure = DetectionMeasure.Mul)
    {
        var cache = new ActivationCache<double>(n => n.EndsWith(".attn.hook_pattern", StringComparison.Ordinal));
        model.Forward(tokens, null, cache);
        var blocks = model.Blocks.Blocks;
        return blocks.Select((b, l) => Enumerable.Range(0, b.SelfAttention?.Heads.Count ?? 0)
            .Select(h => Score(cache.Pattern(l, h), detection, excludeBos, excludeCurrentToken, measure)).ToArray()).ToArray();
    }

    /// <summary>
    /// <paramref name="batch"/> seeded random sequences of <paramref name="length"/> tokens drawn from
    /// [<paramref name="low"/>, <paramref name="high"/>), each repeated twice, with <paramref name="bos"/> prepended
    /// when not null.
    /// </summary>
    public static List<int[]> RepeatedSequences(int batch, int length, int low, int high, int? bos, int seed)
    {
        var rng = new Random(seed);
        var result = new List<int[]>();
        for (int b = 0; b < batch; b++)
        {
            var half = Enumerable.Range(0, length).Select(_ => rng.Next(low, high)).ToArray();
            result.Add(bos is { } t ? [t, .. half, .. half] : [.. half, .. half]);
        }
        return result;
    }

    /// <summary>
    /// Previous-token, duplicate-token and induction scores of every head, averaged over repeated sequences made by
    /// <see cref="RepeatedSequences"/> (all of one length 2L, plus BOS when <paramref name="hasBos"/>).
    /// </summary>
    public static RepeatedSequenceScores RepeatedScores(Transformer<double> model, IReadOnlyList<int[]> sequences, int length, bool hasBos)
    {
        int offset = hasBos ? 1 : 0;
        var cache = new ActivationCache<double>(n => n.EndsWith(".attn.hook_pattern", StringComparison.Ordinal));
        model.ForwardBatch(sequences, null, cache);
        var layout = new SequenceLayout(sequences.Select(s => s.Length).ToArray());
        var blocks = model.Blocks.Blocks;
        double[][] prev = new double[blocks.Count][], dup = new double[blocks.Count][], ind = new double[blocks.Count][];
        for (int l = 0; l < blocks.Count; l++)
        {
            int heads = blocks[l].SelfAttention?.Heads.Count ?? 0;
            prev[l] = new double[heads]; dup[l] = new double[heads]; ind[l] = new double[heads];
            for (int h = 0; h < heads; h++)
            {
                var a = cache.Pattern(l, h);
                double sp = 0, sd = 0, si = 0;
                int np = 0, nd = 0;
                for (int s = 0; s < sequences.Count; s++)
                {
                    int start = layout.Starts[s], n = layout.Lengths[s];
                    for (int q = offset + 1; q < n; q++) { sp += a[q - 1, start + q]; np++; }
                    for (int q = offset + length; q < n; q++)
                    {
                        sd += a[q - length, start + q];
                        si += a[q - length + 1, start + q];
                        nd++;
                    }
                }
                prev[l][h] = np == 0 ? 0 : sp / np;
                dup[l][h] = nd == 0 ? 0 : sd / nd;
                ind[l][h] = nd == 0 ? 0 : si / nd;
            }
        }
        return new RepeatedSequenceScores(prev, dup, ind);
    }
}
