using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>One attention head's engine weights (column convention: W maps a residual column vector).</summary>
/// <param name="Name">The s-op the head computes.</param>
/// <param name="Wq">d_attn × D.</param>
/// <param name="Wk">d_attn × D.</param>
/// <param name="Wv">d_mid × D.</param>
/// <param name="Wo">D × d_mid.</param>
public sealed record CompiledHead(string Name, double[,] Wq, double[,] Wk, double[,] Wv, double[,] Wo);

/// <summary>One layer's engine weights: heads, then a ReLU MLP (W1: hidden × D, W2: D × hidden; no biases).</summary>
/// <param name="Heads">The heads (may be empty).</param>
/// <param name="MlpNames">What the MLP computes (one name per fused MLP it contains).</param>
/// <param name="W1">hidden × D (hidden may be 0).</param>
/// <param name="W2">D × hidden.</param>
public sealed record CompiledLayer(IReadOnlyList<CompiledHead> Heads, IReadOnlyList<string> MlpNames, double[,] W1, double[,] W2)
{
    /// <summary>MLP hidden width.</summary>
    public int Hidden => W1.GetLength(0);
}

/// <summary>How the output s-op is read off the residual stream.</summary>
/// <param name="Label">The output s-op's label.</param>
/// <param name="Numerical">True: one direction holding the number; false: one-hot over <see cref="Values"/>.</param>
/// <param name="Values">Categorical values, in the order of <see cref="Directions"/>.</param>
/// <param name="Directions">Residual coordinates of the output.</param>
public sealed record OutputReadout(string Label, bool Numerical, IReadOnlyList<Value> Values, IReadOnlyList<int> Directions);

/// <summary>
/// A compiled program as plain weights: one-hot token and position embeddings (BOS is token 0 at position 0;
/// vocabulary token i is id i+1), layers, and the readout. This is what a model file stores; it runs on the
/// Glassbox transformer engine.
/// </summary>
public sealed record CompiledModel(
    string ProgramName,
    IReadOnlyList<string> ResidualLabels,
    IReadOnlyList<Value> Vocabulary,
    int MaxSeqLen,
    bool Causal,
    double[,] TokenEmbedding,
    double[,] PositionEmbedding,
    IReadOnlyList<CompiledLayer> Layers,
    OutputReadout Output)
{
    /// <summary>Residual width D.</summary>
    public int ResidualDim => ResidualLabels.Count;

    /// <summary>Token id of BOS.</summary>
    public const int BosId = 0;

    /// <summary>Token ids (BOS first) for an input; out-of-vocabulary tokens and over-long inputs are refused by name.</summary>
    public int[] Encode(IReadOnlyList<Value> input)
    {
        if (input.Count == 0) throw new UserError("the input is empty");
        if (input.Count > MaxSeqLen) throw new UserError($"the input has {input.Count} tokens but the model was compiled for at most {MaxSeqLen} (--max-seq-len)");
        var ids = new int[input.Count + 1];
        for (var i = 0; i < input.Count; i++)
        {
            var k = -1;
            for (var j = 0; j < Vocabulary.Count; j++) if (Vocabulary[j].IdenticalTo(input[i]) || Vocabulary[j].Equals(input[i])) { k = j; break; }
            if (k < 0) throw new UserError($"token {input[i].Repr()} at position {i} is not in the vocabulary {{{string.Join(", ", Vocabulary.Select(v => v.Repr()))}}}");
            ids[i + 1] = k + 1;
        }
        return ids;
    }

    /// <summary>Decodes one position's final residual vector: a categorical output with no direction above ½ is None.</summary>
    public Value Decode(Func<int, double> residual)
    {
        if (Output.Numerical) return Value.Float(residual(Output.Directions[0]));
        var best = -1;
        var max = 0.5;
        for (var i = 0; i < Output.Directions.Count; i++)
        {
            var x = residual(Output.Directions[i]);
            if (x > max) { max = x; best = i; }
        }
        return best < 0 ? Value.None : Output.Values[best];
    }

    /// <summary>Decodes one position from the unembedded logits (row i = the i-th output direction).</summary>
    public Value DecodeLogits(Func<int, double> logit)
    {
        var dirs = Output.Directions;
        return Decode(r => logit(IndexIn(dirs, r)));
    }

    private static int IndexIn(IReadOnlyList<int> dirs, int r)
    {
        for (var i = 0; i < dirs.Count; i++) if (dirs[i] == r) return i;
        throw new ArgumentOutOfRangeException(nameof(r));
    }

    /// <summary>Number of layers (attention + MLP pairs).</summary>
    public int LayerCount => Layers.Count;

    /// <summary>Non-zero weights in the layers (embeddings and readout not counted, as in Tracr's figures).</summary>
    public long NonZeroParameters() => Layers.Sum(l =>
        l.Heads.Sum(h => Count(h.Wq) + Count(h.Wk) + Count(h.Wv) + Count(h.Wo)) + Count(l.W1) + Count(l.W2));

    private static long Count(double[,] m) => Glassbox.Craft.Dense.NonZeroCount(m);
}
