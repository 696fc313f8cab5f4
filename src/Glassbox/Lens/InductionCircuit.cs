using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>
/// A 2-layer attention-only induction circuit with weights set by hand on the engine (causal, no layer norm, no
/// MLP, softmax with coldness λ). Residual = [token one-hot (V) | position one-hot (ℓ_max) | previous token (V) |
/// output (V)]. Layer 0 head 0 is a previous-token head: its query at position p matches the key at p − 1 (positional
/// QK circuit = shift by one) and its OV circuit copies the attended token into the "previous token" slot. Layer 1
/// head 0 is the induction head: its query (the current token) matches keys whose previous-token slot holds the same
/// token (K-composition with the head below) and its OV circuit copies the attended token into the output slot,
/// which W_U reads. So on a repeated sequence it predicts the token after the earlier occurrence of the current one.
/// </summary>
public static class InductionCircuit
{
    /// <summary>Builds the circuit for <paramref name="vocab"/> tokens and contexts up to <paramref name="maxLength"/>.</summary>
    public static Transformer<double> Build(int vocab, int maxLength, double coldness = 30)
    {
        int d = 3 * vocab + maxLength;
        int tok = 0, pos = vocab, prev = vocab + maxLength, outSlot = 2 * vocab + maxLength;
        var we = new Tensor<double>(d, vocab);
        for (int t = 0; t < vocab; t++) we[tok + t, t] = 1;
        var wp = new Tensor<double>(d, maxLength);
        for (int p = 0; p < maxLength; p++) wp[pos + p, p] = 1;

        // Layer 0: previous-token head. Key space = positions; query p asks for position p − 1.
        var wq0 = new Tensor<double>(maxLength, d);
        var wk0 = new Tensor<double>(maxLength, d);
        for (int p = 1; p < maxLength; p++) wq0[p - 1, pos + p] = 1;
        for (int p = 0; p < maxLength; p++) wk0[p, pos + p] = 1;
        var wv0 = new Tensor<double>(vocab, d);
        var wo0 = new Tensor<double>(d, vocab);
        for (int t = 0; t < vocab; t++) { wv0[t, tok + t] = 1; wo0[prev + t, t] = 1; }

        // Layer 1: induction head. Query: current token; key: the previous-token slot; value: the token itself.
        var wq1 = new Tensor<double>(vocab, d);
        var wk1 = new Tensor<double>(vocab, d);
        var wv1 = new Tensor<double>(vocab, d);
        var wo1 = new Tensor<double>(d, vocab);
        for (int t = 0; t < vocab; t++)
        {
            wq1[t, tok + t] = 1;
            wk1[t, prev + t] = 1;
            wv1[t, tok + t] = 1;
            wo1[outSlot + t, t] = 1;
        }
        var options = new AttentionOptions(Causal: true, Scale: coldness, Mode: AttentionMode.Softmax);
        var l0 = new MultiHeadAttention<double>([new AttentionHead<double>(wq0, wk0, wv0)], wo0, null, options);
        var l1 = new MultiHeadAttention<double>([new AttentionHead<double>(wq1, wk1, wv1)], wo1, null, options);
        var wu = new Tensor<double>(vocab, d);
        for (int t = 0; t < vocab; t++) wu[t, outSlot + t] = coldness / 3;
        var blocks = new BlockStack<double>([new TransformerBlock<double>(l0, null), new TransformerBlock<double>(l1, null)]);
        return new Transformer<double>(Architecture.Decoder, new Embedding<double>(we, wp), blocks, wu);
    }
}
