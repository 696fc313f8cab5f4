using System.Numerics;
using Glassbox.Rasp;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Compiler;

/// <summary>
/// Puts a <see cref="CompiledModel"/> onto the Glassbox transformer engine (the same blocks trained models use): no
/// layer norm, ReLU MLPs without biases, causal masking when compiled causal, and an unembedding W_u that reads the
/// output directions. Attention is a softmax with coldness <see cref="Coldness"/>: compiled scores are spaced so
/// that selected keys tie at the top, BOS sits ½ below and every other key at least 1 below, so this equals hard
/// attention to within e^(−Coldness/2) ≈ 2e-22, while staying insensitive to the ~1e-15 rounding that MLP outputs
/// carry into later scores (exact-tie hard attention would break such near-ties). The residual stream is one-hot per
/// s-op, so the model runs with <see cref="Transformer{T}.SparseActivations"/>: products visit only non-zero
/// activations (a few per position among thousands of directions at vocabulary 50). Runs batches, in float64
/// (<see cref="Build(CompiledModel)"/>) or float32 (<see cref="Build{T}(CompiledModel)"/> with <c>float</c>; exact
/// wherever the model's numbers survive single precision, see docs/compiler.md).
/// </summary>
public static class EngineModel
{
    /// <summary>The softmax scale applied to compiled attention scores.</summary>
    public const double Coldness = 100;

    /// <summary>The engine transformer (double precision) for <paramref name="model"/>.</summary>
    public static Transformer<double> Build(CompiledModel model) => Build<double>(model);

    /// <summary>The engine transformer for <paramref name="model"/> in precision <typeparamref name="T"/>
    /// (<c>double</c> or <c>float</c>); every weight is the compiled double rounded once to <typeparamref name="T"/>.</summary>
    public static Transformer<T> Build<T>(CompiledModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = model.ResidualDim;
        var embedding = new Embedding<T>(Convert<T>(model.TokenEmbedding), Convert<T>(model.PositionEmbedding));
        var options = new AttentionOptions(Causal: model.Causal, Scale: Coldness, Mode: AttentionMode.Softmax);
        var blocks = new List<TransformerBlock<T>>();
        foreach (var layer in model.Layers)
        {
            MultiHeadAttention<T>? attention = null;
            if (layer.Heads.Count > 0)
            {
                var dMid = layer.Heads.Max(h => h.Wv.GetLength(0));
                var heads = layer.Heads.Select(h => new AttentionHead<T>(Convert<T>(h.Wq), Convert<T>(h.Wk), Convert<T>(h.Wv, dMid))).ToList();
                var wo = new Tensor<T>(d, dMid * layer.Heads.Count);
                for (var k = 0; k < layer.Heads.Count; k++) CopyInto(layer.Heads[k].Wo, wo, 0, k * dMid);
                attention = new MultiHeadAttention<T>(heads, wo, null, options);
            }
            Transformers.Mlp<T>? mlp = layer.Hidden == 0 ? null
                : new Transformers.Mlp<T>(Convert<T>(layer.W1), null, Convert<T>(layer.W2), null, Activation.Relu);
            blocks.Add(new TransformerBlock<T>(attention, mlp, NormPlacement.None));
        }
        var unembed = new Tensor<T>(model.Output.Directions.Count, d);
        for (var i = 0; i < model.Output.Directions.Count; i++) unembed[i, model.Output.Directions[i]] = T.One;
        return new Transformer<T>(model.Causal ? Architecture.Decoder : Architecture.Encoder, embedding,
            new BlockStack<T>(blocks), unembed) { SparseActivations = true };
    }

    /// <summary>Residual entries per forward pass that <see cref="Run{T}"/> aims at (8 MB in float64).</summary>
    public const int BatchElements = 1 << 20;

    /// <summary>
    /// Runs inputs through the engine in batches and decodes every position after BOS. The batch holds
    /// <paramref name="batch"/> sequences, or (0) as many as keep a residual stream near <see cref="BatchElements"/>
    /// entries — at most 512, at least 1 — so that a wide model's buffers stay small (at vocabulary 50 and
    /// max_seq_len 64, 512 sequences would need 0.9 GB per residual buffer).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Value>> Run<T>(CompiledModel model, Transformer<T> engine, IReadOnlyList<IReadOnlyList<Value>> inputs, int batch = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch <= 0) batch = Math.Clamp(BatchElements / (model.ResidualDim * (model.MaxSeqLen + 1)), 1, 512);
        var result = new List<IReadOnlyList<Value>>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var count = Math.Min(batch, inputs.Count - start);
            var ids = new List<int[]>(count);
            for (var s = 0; s < count; s++) ids.Add(model.Encode(inputs[start + s]));
            var (logits, layout) = engine.ForwardPacked(ids);
            for (var s = 0; s < count; s++)
            {
                var first = layout.Starts[s];
                var row = new Value[inputs[start + s].Count];
                for (var p = 1; p <= row.Length; p++) row[p - 1] = model.DecodeLogits(i => double.CreateChecked(logits[i, first + p]));
                result.Add(row);
            }
        }
        return result;
    }

    /// <summary><paramref name="m"/> as an engine tensor with at least <paramref name="rows"/> rows (extra rows are zero).</summary>
    private static Tensor<T> Convert<T>(double[,] m, int rows = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Tensor<T>(Math.Max(rows, m.GetLength(0)), m.GetLength(1));
        CopyInto(m, t, 0, 0);
        return t;
    }

    /// <summary>Writes <paramref name="m"/> into <paramref name="t"/> at (<paramref name="row"/>, <paramref name="column"/>), skipping zeros
    /// (the tensor is fresh, so it is already zero there).</summary>
    private static void CopyInto<T>(double[,] m, Tensor<T> t, int row, int column) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var span = t.Span;
        for (var i = 0; i < rows; i++)
        {
            var src = Craft.Dense.Row(m, i);
            for (var j = 0; j < cols; j++)
                if (src[j] != 0) span[(column + j) * t.Rows + row + i] = T.CreateChecked(src[j]);
        }
    }
}
