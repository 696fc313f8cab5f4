using System.Numerics;

namespace Glassbox.Transformers;

/// <summary>
/// Floating-point operations of a forward pass, counted from the model's shapes (2 per multiply-add of every matrix
/// product, the score KᵀQ and mix V·A products over the key/query pairs attention actually computes; element-wise
/// work such as softmax, layer norm and activations is not counted). A training step (forward and backward) is
/// counted as three forward passes: the backward pass runs two products of the forward's size per product.
/// </summary>
public static class FlopCount
{
    /// <summary>FLOPs of one forward pass over sequences of the given lengths (self-attention models).</summary>
    public static double Forward<T>(Transformer<T> model, IReadOnlyList<int> lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture == Architecture.EncoderDecoder)
            throw new ArgumentException("FlopCount.Forward counts encoder and decoder models");
        double tokens = lengths.Sum(l => (double)l);
        double pairs = lengths.Sum(l => model.IsCausal ? l * (l + 1) / 2.0 : (double)l * l);
        double flops = 0;
        foreach (var block in model.Blocks.Blocks)
        {
            if (block.SelfAttention is { } attn)
            {
                foreach (var h in attn.Heads)
                {
                    flops += 2.0 * tokens * (h.Wq.Length + h.Wk.Length + h.Wv.Length);
                    flops += 2.0 * pairs * (h.KeySize + h.ValueSize);
                }
                flops += 2.0 * tokens * attn.Wo.Length;
            }
            if (block.Mlp is { } mlp) flops += 2.0 * tokens * (mlp.W1.Length + mlp.W2.Length);
        }
        if (model.Head is { } head) flops += 2.0 * tokens * head.Wf.Length;
        flops += 2.0 * tokens * model.Unembedding.Length;
        return flops;
    }

    /// <summary>FLOPs of one training step (forward and backward) over sequences of the given lengths: 3 × <see cref="Forward{T}"/>.</summary>
    public static double TrainingStep<T>(Transformer<T> model, IReadOnlyList<int> lengths) where T : unmanaged, IFloatingPointIeee754<T> =>
        3 * Forward(model, lengths);
}
