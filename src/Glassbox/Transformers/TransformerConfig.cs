namespace Glassbox.Transformers;

/// <summary>
/// Hyper-parameters of a trained (randomly initialised) transformer. Defaults follow the paper: the encoder
/// (Algorithm 9) is post-LN with GELU and a final W_f/GELU/LN head, the decoder (Algorithm 10) pre-LN with GELU and
/// a final layer norm, the encoder-decoder (Algorithm 8) post-LN with ReLU and no final norm.
/// </summary>
/// <param name="Architecture">Encoder, decoder or encoder-decoder.</param>
/// <param name="VocabSize">N_V, special tokens included.</param>
/// <param name="MaxLength">ℓ_max.</param>
/// <param name="DModel">d_e, the residual width.</param>
/// <param name="Heads">H, heads per attention sub-layer.</param>
/// <param name="Layers">L (for the encoder-decoder: decoder layers).</param>
/// <param name="DMlp">d_mlp, the MLP hidden width (0: 4·d_e).</param>
/// <param name="EncoderLayers">Encoder layers of the encoder-decoder (0: same as Layers).</param>
/// <param name="KeySize">d_attn = d_mid per head (0: d_e / H).</param>
public sealed record TransformerConfig(
    Architecture Architecture, int VocabSize, int MaxLength, int DModel, int Heads, int Layers,
    int DMlp = 0, int EncoderLayers = 0, int KeySize = 0)
{
    /// <summary>Layer-norm placement; null: the paper's choice for the architecture.</summary>
    public NormPlacement? Norm { get; init; }
    /// <summary>MLP activation; null: the paper's choice for the architecture.</summary>
    public Activation? Activation { get; init; }
    /// <summary>Learned, sinusoidal or no positional embedding.</summary>
    public PositionalEmbedding Positional { get; init; } = PositionalEmbedding.Learned;
    /// <summary>Score multiplier; null: 1/√d_attn.</summary>
    public double? AttentionScale { get; init; }
    /// <summary>Softmax or hard attention.</summary>
    public AttentionMode AttentionMode { get; init; } = AttentionMode.Softmax;
    /// <summary>ε of every layer norm (the paper has 0; training uses 1e-5 for stability).</summary>
    public double LayerNormEpsilon { get; init; } = 1e-5;

    /// <summary>The layer norm placement actually used.</summary>
    public NormPlacement EffectiveNorm => Norm ?? (Architecture == Architecture.Decoder ? NormPlacement.Pre : NormPlacement.Post);
    /// <summary>The activation actually used.</summary>
    public Activation EffectiveActivation => Activation ?? (Architecture == Architecture.EncoderDecoder ? Transformers.Activation.Relu : Transformers.Activation.Gelu);
    /// <summary>d_mlp actually used.</summary>
    public int EffectiveDMlp => DMlp > 0 ? DMlp : 4 * DModel;
    /// <summary>d_attn actually used.</summary>
    public int EffectiveKeySize => KeySize > 0 ? KeySize : Math.Max(1, DModel / Heads);
    /// <summary>Encoder layers of the encoder-decoder actually used.</summary>
    public int EffectiveEncoderLayers => EncoderLayers > 0 ? EncoderLayers : Layers;

    /// <summary>Throws a <see cref="UserError"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        if (VocabSize < 5) throw new UserError($"vocabulary size {VocabSize} is too small (4 special tokens plus at least one symbol)");
        if (MaxLength < 1) throw new UserError($"maximum length must be ≥ 1 (got {MaxLength})");
        if (DModel < 1) throw new UserError($"--d-model must be ≥ 1 (got {DModel})");
        if (Heads < 1) throw new UserError($"--heads must be ≥ 1 (got {Heads})");
        if (Layers < 0) throw new UserError($"--layers must be ≥ 0 (got {Layers})");
        if (DModel > 4096 || EffectiveDMlp > 16384 || Layers > 64) throw new UserError("model too large for this engine (d_model ≤ 4096, d_mlp ≤ 16384, layers ≤ 64)");
    }
}
