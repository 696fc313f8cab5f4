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
/// carry into later scores (exact-tie hard attention would break such near-ties). Runs batches.
/// </summary>
public static class EngineModel
{
    /// <summary>The softmax scale applied to compiled attention scores.</summary>
    public const double Coldness = 100;

    /// <summary>The engine transformer (double precision) for <paramref name="model"/>.</summary>
    public static Transformer<double> Build(CompiledModel model)
    {
        var d = model.ResidualDim;
        var embedding = new Embedding<double>(Tensor<double>.FromArray(model.TokenEmbedding), Tensor<double>.FromArray(model.PositionEmbedding));
        var options = new AttentionOptions(Causal: model.Causal, Scale: Coldness, Mode: AttentionMode.Softmax);
        var blocks = new List<TransformerBlock<double>>();
        foreach (var layer in model.Layers)
        {
            MultiHeadAttention<double>? attention = null;
            if (layer.Heads.Count > 0)
            {
                var dMid = layer.Heads.Max(h => h.Wv.GetLength(0));
                var heads = layer.Heads.Select(h => new AttentionHead<double>(
                    Tensor<double>.FromArray(h.Wq), Tensor<double>.FromArray(h.Wk), Tensor<double>.FromArray(PadRows(h.Wv, dMid)))).ToList();
                var wo = new double[d, dMid * layer.Heads.Count];
                for (var k = 0; k < layer.Heads.Count; k++)
                {
                    var o = layer.Heads[k].Wo;
                    for (var i = 0; i < d; i++)
                        for (var j = 0; j < o.GetLength(1); j++) wo[i, k * dMid + j] = o[i, j];
                }
                attention = new MultiHeadAttention<double>(heads, Tensor<double>.FromArray(wo), null, options);
            }
            Transformers.Mlp<double>? mlp = layer.Hidden == 0 ? null
                : new Transformers.Mlp<double>(Tensor<double>.FromArray(layer.W1), null, Tensor<double>.FromArray(layer.W2), null, Activation.Relu);
            blocks.Add(new TransformerBlock<double>(attention, mlp, NormPlacement.None));
        }
        var unembed = new double[model.Output.Directions.Count, d];
        for (var i = 0; i < model.Output.Directions.Count; i++) unembed[i, model.Output.Directions[i]] = 1;
        return new Transformer<double>(model.Causal ? Architecture.Decoder : Architecture.Encoder, embedding,
            new BlockStack<double>(blocks), Tensor<double>.FromArray(unembed));
    }

    /// <summary>Runs inputs through the engine in batches and decodes every position after BOS.</summary>
    public static IReadOnlyList<IReadOnlyList<Value>> Run(CompiledModel model, Transformer<double> engine, IReadOnlyList<IReadOnlyList<Value>> inputs, int batch = 512)
    {
        var result = new List<IReadOnlyList<Value>>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var chunk = inputs.Skip(start).Take(batch).ToList();
            var logits = engine.ForwardBatch(chunk.Select(model.Encode).ToList());
            for (var s = 0; s < chunk.Count; s++)
            {
                var l = logits[s];
                var row = new Value[chunk[s].Count];
                for (var p = 1; p <= chunk[s].Count; p++) row[p - 1] = model.DecodeLogits(i => l[i, p]);
                result.Add(row);
            }
        }
        return result;
    }

    private static double[,] PadRows(double[,] m, int rows)
    {
        var r = new double[rows, m.GetLength(1)];
        for (var i = 0; i < m.GetLength(0); i++)
            for (var j = 0; j < m.GetLength(1); j++) r[i, j] = m[i, j];
        return r;
    }
}
