using System.Numerics;
using System.Text.Json.Nodes;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Interop.Safetensors;

/// <summary>
/// Lays an engine <see cref="Transformer{T}"/> out as a TransformerLens <c>HookedTransformer</c> state dict (row-vector
/// orientation, heads stacked): <c>embed.W_E</c> [d_vocab, d_model], <c>pos_embed.W_pos</c> [n_ctx, d_model],
/// <c>blocks.{l}.attn.W_Q|W_K|W_V</c> [n_heads, d_model, d_head], <c>W_O</c> [n_heads, d_head, d_model], biases
/// <c>b_Q|b_K|b_V</c> [n_heads, d_head] and <c>b_O</c> [d_model], <c>blocks.{l}.mlp.W_in</c> [d_model, d_mlp],
/// <c>W_out</c> [d_mlp, d_model], <c>b_in</c>, <c>b_out</c>, layer norms <c>ln1</c>, <c>ln2</c>, <c>ln_final</c> (w, b) and
/// <c>unembed.W_U</c> [d_model, d_vocab_out], <c>b_U</c>. Layers with fewer heads, narrower heads or a smaller (or no)
/// MLP are padded with zeros, which changes no output; the matching config follows TransformerLens's field names.
/// </summary>
public static class TransformerLensLayout
{
    /// <summary>The tensors and the TransformerLens-style config of <paramref name="model"/>.</summary>
    public static (List<NamedTensor> Tensors, JsonObject Config) From<T>(Transformer<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture == Architecture.EncoderDecoder)
            throw new UserError("encoder-decoder models cannot be exported as a TransformerLens state dict (it has no cross-attention)");
        var blocks = model.Blocks.Blocks;
        int d = model.Embedding.Dimension;
        var attns = blocks.Select(b => b.SelfAttention).ToList();
        int heads = Math.Max(1, attns.Max(a => a?.Heads.Count ?? 0));
        int dHead = Math.Max(1, attns.Max(a => a is null ? 0 : a.Heads.Max(h => Math.Max(h.KeySize, h.ValueSize))));
        int dMlp = Math.Max(1, blocks.Max(b => b.Mlp?.Hidden ?? 0));
        var tensors = new List<NamedTensor>
        {
            Transposed("embed.W_E", model.Embedding.Tokens),
        };
        if (model.Embedding.Positions is { } wp) tensors.Add(Transposed("pos_embed.W_pos", wp));
        var scales = new HashSet<double>();
        for (var l = 0; l < blocks.Count; l++)
        {
            var p = $"blocks.{l}";
            var b = blocks[l];
            if (b.AttentionNorm is { } n1) tensors.AddRange(Norm($"{p}.ln1", n1));
            var (wq, wk, wv, wo) = (new float[heads * d * dHead], new float[heads * d * dHead], new float[heads * d * dHead], new float[heads * dHead * d]);
            var (bq, bk, bv) = (new float[heads * dHead], new float[heads * dHead], new float[heads * dHead]);
            var bo = new float[d];
            if (b.SelfAttention is { } attn)
            {
                for (var h = 0; h < attn.Heads.Count; h++)
                {
                    var head = attn.Heads[h];
                    scales.Add(attn.Options.ScaleFor(head.KeySize));
                    StackHead(head.Wq, wq, h, d, dHead);
                    StackHead(head.Wk, wk, h, d, dHead);
                    StackHead(head.Wv, wv, h, d, dHead);
                    StackBias(head.Bq, bq, h, dHead);
                    StackBias(head.Bk, bk, h, dHead);
                    StackBias(head.Bv, bv, h, dHead);
                    var o = attn.OutputOf(h);
                    for (var k = 0; k < o.Columns; k++)
                        for (var i = 0; i < d; i++) wo[(h * dHead + k) * d + i] = float.CreateChecked(o[i, k]);
                }
                if (attn.Bo is { } bias) Copy(bias, bo);
            }
            tensors.Add(new($"{p}.attn.W_Q", [heads, d, dHead], wq));
            tensors.Add(new($"{p}.attn.W_K", [heads, d, dHead], wk));
            tensors.Add(new($"{p}.attn.W_V", [heads, d, dHead], wv));
            tensors.Add(new($"{p}.attn.W_O", [heads, dHead, d], wo));
            tensors.Add(new($"{p}.attn.b_Q", [heads, dHead], bq));
            tensors.Add(new($"{p}.attn.b_K", [heads, dHead], bk));
            tensors.Add(new($"{p}.attn.b_V", [heads, dHead], bv));
            tensors.Add(new($"{p}.attn.b_O", [d], bo));
            if (b.MlpNorm is { } n2) tensors.AddRange(Norm($"{p}.ln2", n2));
            var (win, wout, bin, bout) = (new float[d * dMlp], new float[dMlp * d], new float[dMlp], new float[d]);
            if (b.Mlp is { } mlp)
            {
                for (var j = 0; j < mlp.Hidden; j++)
                    for (var i = 0; i < d; i++)
                    {
                        win[i * dMlp + j] = float.CreateChecked(mlp.W1[j, i]);
                        wout[j * d + i] = float.CreateChecked(mlp.W2[i, j]);
                    }
                if (mlp.B1 is { } b1) Copy(b1, bin.AsSpan(0, mlp.Hidden));
                if (mlp.B2 is { } b2) Copy(b2, bout);
            }
            tensors.Add(new($"{p}.mlp.W_in", [d, dMlp], win));
            tensors.Add(new($"{p}.mlp.b_in", [dMlp], bin));
            tensors.Add(new($"{p}.mlp.W_out", [dMlp, d], wout));
            tensors.Add(new($"{p}.mlp.b_out", [d], bout));
        }
        if (model.FinalNorm is { } final) tensors.AddRange(Norm("ln_final", final));
        if (model.Head is { } outHead)
        {
            tensors.Add(Transposed("head.W_f", outHead.Wf));
            tensors.Add(Vector("head.b_f", outHead.Bf));
            tensors.AddRange(Norm("head.ln", outHead.Norm));
        }
        tensors.Add(Transposed("unembed.W_U", model.Unembedding));
        tensors.Add(new("unembed.b_U", [model.VocabSize], new float[model.VocabSize]));

        if (scales.Count > 1) throw new UserError("the heads use different attention scales, which a TransformerLens config cannot express");
        var scale = scales.Count == 1 ? scales.First() : 1.0;
        var norms = blocks.Select(b => b.Placement).Distinct().ToList();
        var placement = norms.Count == 1 ? norms[0] : NormPlacement.None;
        var activation = blocks.Select(b => b.Mlp?.Activation).FirstOrDefault(a => a is not null) ?? Activation.Relu;
        var config = new JsonObject
        {
            ["n_layers"] = blocks.Count,
            ["d_model"] = d,
            ["n_ctx"] = model.Embedding.Positions?.Columns ?? model.Config?.MaxLength ?? 0,
            ["d_head"] = dHead,
            ["n_heads"] = heads,
            ["d_mlp"] = dMlp,
            ["d_vocab"] = model.Embedding.VocabSize,
            ["d_vocab_out"] = model.VocabSize,
            ["act_fn"] = activation switch { Activation.Relu => "relu", Activation.Gelu => "gelu", _ => "gelu_new" },
            ["normalization_type"] = placement == NormPlacement.None ? null : "LN",
            ["eps"] = blocks.Select(b => b.AttentionNorm ?? b.MlpNorm).FirstOrDefault(n => n is not null)?.Epsilon ?? 1e-5,
            ["attention_dir"] = blocks.Any(b => b.SelfAttention?.Options.Causal == true) ? "causal" : "bidirectional",
            ["use_attn_scale"] = true,
            ["attn_scale"] = 1.0 / scale,
            ["positional_embedding_type"] = model.Embedding.Positions is null ? "none" : "standard",
            ["original_architecture"] = "glassbox",
            ["glassbox_norm_placement"] = placement.ToString().ToLowerInvariant(),
            ["glassbox_attention"] = blocks.Any(b => b.SelfAttention?.Options.Mode == AttentionMode.Hard) ? "hard" : "softmax",
        };
        return (tensors, config);
    }

    private static void StackHead<T>(Tensor<T> w, float[] into, int h, int d, int dHead) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var k = 0; k < w.Rows; k++)
            for (var i = 0; i < d; i++) into[(h * d + i) * dHead + k] = float.CreateChecked(w[k, i]);
    }

    private static void StackBias<T>(Tensor<T>? b, float[] into, int h, int dHead) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (b is not null) Copy(b, into.AsSpan(h * dHead, b.Rows));
    }

    private static void Copy<T>(Tensor<T> t, Span<float> into) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = t.Span;
        for (var i = 0; i < s.Length; i++) into[i] = float.CreateChecked(s[i]);
    }

    /// <summary>Wᵀ of a column-convention matrix (its column-major storage is Wᵀ row-major).</summary>
    private static NamedTensor Transposed<T>(string name, Tensor<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new float[w.Length];
        Copy(w, data);
        return new(name, [w.Columns, w.Rows], data);
    }

    private static NamedTensor Vector<T>(string name, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new float[b.Length];
        Copy(b, data);
        return new(name, [b.Length], data);
    }

    private static IEnumerable<NamedTensor> Norm<T>(string prefix, LayerNorm<T> n) where T : unmanaged, IFloatingPointIeee754<T> =>
        [Vector($"{prefix}.w", n.Gamma), Vector($"{prefix}.b", n.Beta)];
}
