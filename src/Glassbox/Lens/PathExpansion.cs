using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>One path of the expansion: its name (<c>direct</c>, <c>L0H2</c>, <c>L1H0·L0H3</c>) and its logits (N_V×ℓ).</summary>
public sealed record PathTerm(string Path, Tensor<double> Logits);

/// <summary>
/// The path expansion of a two-layer attention-only transformer with frozen attention patterns ("A Mathematical
/// Framework for Transformer Circuits"), in the column convention where head h maps X to W_OV^h X A^h:
/// logits = W_U X₀ (direct) + Σ_h W_U W_OV^h X₀ A^h (each head on the embeddings) +
/// Σ_{h₁∈L1, h₀∈L0} W_U W_OV^{h₁} W_OV^{h₀} X₀ A^{h₀} A^{h₁} (virtual heads, V-composition).
/// The patterns are the ones of the actual run, so the terms sum to the logits exactly.
/// </summary>
public static class PathExpansion
{
    /// <summary>The terms for <paramref name="tokens"/>; the model must be attention-only, with at most two layers, no layer norm and no biases.</summary>
    public static IReadOnlyList<PathTerm> Expand(Transformer<double> model, int[] tokens)
    {
        var blocks = model.Blocks.Blocks;
        if (blocks.Count > 2 || model.FinalNorm is not null || model.Head is not null ||
            blocks.Any(b => b.Mlp is not null || b.SelfAttention is null || b.AttentionNorm is not null || b.SelfAttention.Bo is not null && b.SelfAttention.Bo.Norm() != 0 ||
                b.SelfAttention.Heads.Any(h => h.Bv is not null && h.Bv.Norm() != 0)))
            throw new ArgumentException("the path expansion needs an attention-only model of at most two layers without layer norm or value/output biases");
        var (_, cache) = Patching.RunWithCache(model, tokens, n => n.EndsWith("hook_pattern", StringComparison.Ordinal) || n == HookNames.ResidPre(0));
        var x0 = cache[HookNames.ResidPre(0)];
        var circuits = new Circuits(model);
        var wu = model.Unembedding;
        var terms = new List<PathTerm> { new("direct", Kernels.MatMul(wu, x0)) };
        // Head h applied to a residual matrix X: W_OV X A (A is ℓ×ℓ, [key, query]).
        Tensor<double> Apply(int l, int h, Tensor<double> x) =>
            Kernels.MatMul(Tensor<double>.FromArray(circuits.OV(l, h).Product()), Kernels.MatMul(x, cache.Pattern(l, h)));
        for (int l = 0; l < blocks.Count; l++)
            for (int h = 0; h < circuits.HeadCount(l); h++)
                terms.Add(new PathTerm($"L{l}H{h}", Kernels.MatMul(wu, Apply(l, h, x0))));
        if (blocks.Count == 2)
            for (int h1 = 0; h1 < circuits.HeadCount(1); h1++)
                for (int h0 = 0; h0 < circuits.HeadCount(0); h0++)
                    terms.Add(new PathTerm($"L1H{h1}·L0H{h0}", Kernels.MatMul(wu, Apply(1, h1, Apply(0, h0, x0)))));
        return terms;
    }
}
