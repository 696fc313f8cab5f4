using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>One component's share of a logit: its name (<c>embed</c>, <c>pos_embed</c>, <c>L0H1</c>, <c>L0 attn bias</c>, <c>L1 MLP</c>, <c>ln_final bias</c>) and value.</summary>
public sealed record LogitContribution(string Component, double Value);

/// <summary>
/// Direct logit attribution and the logit lens. The residual stream entering W_U is a sum of what every component
/// wrote (embeddings, each head's W_o^h Y^h, each attention bias, each MLP); a logit is W_U[v, :] applied to that sum,
/// so it splits exactly into one term per component. A final layer norm is linear once its scale σ is frozen at the
/// value of the actual run: LN(x) = γ ⊙ (x − mean x)/σ + β, so the split stays exact (β gets its own term).
/// Encoder output heads (W_f, GELU) are not linear: attribution refuses them (<see cref="Unsupported"/>), the logit lens reads through them.
/// </summary>
public static class Attribution
{
    /// <summary>The contributions to logit <paramref name="logit"/> at column <paramref name="position"/>; they sum to the logit.</summary>
    public static IReadOnlyList<LogitContribution> DirectLogitAttribution(Transformer<double> model, int[] tokens, int position, int logit) =>
        DirectLogitAttribution(model, tokens, [(position, logit)])[0];

    /// <summary>
    /// The contributions to each (column, logit) of <paramref name="targets"/>, from one forward pass; each list sums
    /// to its logit.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<LogitContribution>> DirectLogitAttribution(Transformer<double> model, int[] tokens,
        IReadOnlyList<(int Position, int Logit)> targets)
    {
        if (Unsupported(model) is { } why) throw new ArgumentException(why);
        var (_, cache) = Patching.RunWithCache(model, tokens);
        var parts = new List<(string, Tensor<double>)>();
        parts.Add(("embed", cache[HookNames.Embed]));
        if (cache.Contains(HookNames.PosEmbed)) parts.Add(("pos_embed", cache[HookNames.PosEmbed]));
        var blocks = model.Blocks.Blocks;
        for (int l = 0; l < blocks.Count; l++)
        {
            if (blocks[l].SelfAttention is { } attn)
            {
                var sum = new Tensor<double>(model.Embedding.Dimension, tokens.Length);
                for (int h = 0; h < attn.Heads.Count; h++)
                {
                    var r = cache[HookNames.Result(l), h];
                    parts.Add(($"L{l}H{h}", r));
                    Kernels.Add(sum, r, sum);
                }
                var bias = cache[HookNames.AttnOut(l)].Clone();
                Kernels.Scale(sum, -1.0, sum);
                Kernels.Add(bias, sum, bias);
                parts.Add(($"L{l} attn bias", bias));
            }
            if (blocks[l].Mlp is not null) parts.Add(($"L{l} MLP", cache[HookNames.MlpOut(l)]));
        }
        var final = cache[HookNames.ResidPost(blocks.Count - 1)];
        return targets.Select(t => Split(model, parts, final, t.Position, t.Logit)).ToList();
    }

    /// <summary>One logit at one column split over the components' writes <paramref name="parts"/>.</summary>
    private static IReadOnlyList<LogitContribution> Split(Transformer<double> model, List<(string, Tensor<double>)> parts,
        Tensor<double> final, int position, int logit)
    {
        var result = new List<LogitContribution>();
        var norm = model.FinalNorm;
        double sigma = 1;
        if (norm is not null)
        {
            var col = final.Column(position);
            double mean = 0, var = 0;
            foreach (var x in col) mean += x;
            mean /= col.Length;
            foreach (var x in col) var += (x - mean) * (x - mean);
            sigma = Math.Sqrt(var / col.Length + norm.Epsilon);
        }
        foreach (var (name, t) in parts) result.Add(new LogitContribution(name, Read(model, t.Column(position), logit, norm, sigma)));
        if (norm is not null)
        {
            double b = 0;
            for (int i = 0; i < model.Embedding.Dimension; i++) b += model.Unembedding[logit, i] * norm.Beta[i, 0];
            result.Add(new LogitContribution("ln_final bias", b));
        }
        return result;
    }

    private static double Read(Transformer<double> model, Span<double> x, int logit, LayerNorm<double>? norm, double sigma)
    {
        double mean = 0;
        if (norm is not null) { foreach (var v in x) mean += v; mean /= x.Length; }
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = norm is null ? x[i] : norm.Gamma[i, 0] * (x[i] - mean) / sigma;
            s += model.Unembedding[logit, i] * v;
        }
        return s;
    }

    /// <summary>
    /// The logit lens: the residual stream entering each block (and leaving the last) read out the way the model reads
    /// its final residual — final layer norm with its own statistics, the encoder's output head (W_f, GELU, norm) if
    /// any, then W_U — by writing it in place of the final residual. Entry l is N_V×ℓ logits after l blocks (l = 0:
    /// embeddings only); the last entry is the model's own logits.
    /// </summary>
    public static IReadOnlyList<Tensor<double>> LogitLens(Transformer<double> model, int[] tokens)
    {
        if (model.Architecture == Architecture.EncoderDecoder) throw new ArgumentException("the logit lens reads one residual stream; an encoder-decoder has two");
        int layers = model.Blocks.Blocks.Count;
        var (logits, cache) = Patching.RunWithCache(model, tokens, n => n.EndsWith("hook_resid_pre", StringComparison.Ordinal));
        var result = new List<Tensor<double>>();
        for (int l = 0; l < layers; l++)
        {
            var x = cache[HookNames.ResidPre(l)];
            result.Add(Patching.Edit(model, tokens, HookNames.ResidPost(layers - 1), -1, null, (a, column) => x.Column(column).CopyTo(a.Column(column))));
        }
        result.Add(logits);
        return result;
    }

    /// <summary>Why <see cref="DirectLogitAttribution"/> cannot split this model's logits exactly, or null when it can.</summary>
    public static string? Unsupported(Transformer<double> model)
    {
        if (model.Architecture == Architecture.EncoderDecoder) return "direct logit attribution reads one residual stream; an encoder-decoder has two";
        if (model.Head is not null) return "direct logit attribution needs a linear read-out (this model has a W_f/GELU output head, as encoders trained here do)";
        if (model.Blocks.Blocks.Any(b => b.Placement == NormPlacement.Post))
            return "direct logit attribution needs a pre-LN or LN-free residual stream (this model's block norms are post-LN)";
        return null;
    }
}
