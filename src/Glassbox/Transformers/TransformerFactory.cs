using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>Builds randomly initialised transformers of the paper's three architectures from a <see cref="TransformerConfig"/>.</summary>
public static class TransformerFactory
{
    /// <summary>
    /// A fresh model with seeded random weights: W ~ N(0, 1/fan_in) for every matrix that reads the residual,
    /// output projections W_o and W_2 further scaled by 1/√(2L), embeddings ~ N(0, 1/d), biases 0, γ = 1, β = 0.
    /// Encoder: post-LN blocks + W_f/GELU/LN head (Algorithm 9); decoder: causal pre-LN blocks + final LN
    /// (Algorithm 10); encoder-decoder: post-LN encoder, post-LN decoder with causal self- and full cross-attention,
    /// no final LN (Algorithm 8).
    /// </summary>
    public static Transformer<T> Create<T>(TransformerConfig config, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        config.Validate();
        var random = new Random(seed);
        int d = config.DModel;
        int totalLayers = config.Layers + (config.Architecture == Architecture.EncoderDecoder ? config.EffectiveEncoderLayers : 0);
        double outScale = 1.0 / Math.Sqrt(2.0 * Math.Max(1, totalLayers));
        Tensor<T> Matrix(int rows, int cols, double scale = 1.0) => Tensor<T>.RandomNormal(rows, cols, random, scale / Math.Sqrt(cols));
        Tensor<T> Zero(int rows) => new(rows, 1);
        LayerNorm<T>? Norm() => config.EffectiveNorm == NormPlacement.None ? null : new LayerNorm<T>(d, config.LayerNormEpsilon);

        MultiHeadAttention<T> Attention(bool causal)
        {
            int dk = config.EffectiveKeySize;
            var heads = Enumerable.Range(0, config.Heads)
                .Select(_ => new AttentionHead<T>(Matrix(dk, d), Matrix(dk, d), Matrix(dk, d), Zero(dk), Zero(dk), Zero(dk)))
                .ToList();
            var options = new AttentionOptions(causal, config.AttentionScale, config.AttentionMode);
            return new MultiHeadAttention<T>(heads, Matrix(d, config.Heads * dk, outScale), Zero(d), options);
        }

        Mlp<T> Mlp() => new(Matrix(config.EffectiveDMlp, d), Zero(config.EffectiveDMlp),
            Matrix(d, config.EffectiveDMlp, outScale), Zero(d), config.EffectiveActivation);

        TransformerBlock<T> Block(bool causal, bool cross) => new(Attention(causal), Mlp(), config.EffectiveNorm, Norm(), Norm(),
            cross ? Attention(false) : null, cross ? Norm() : null);

        var tokens = Tensor<T>.RandomNormal(d, config.VocabSize, random, 1.0 / Math.Sqrt(d));
        var positions = config.Positional switch
        {
            PositionalEmbedding.Learned => Tensor<T>.RandomNormal(d, config.MaxLength, random, 1.0 / Math.Sqrt(d)),
            PositionalEmbedding.Sinusoidal => Embedding<T>.Sinusoidal(d, config.MaxLength),
            _ => null,
        };
        var embedding = new Embedding<T>(tokens, positions, config.Positional == PositionalEmbedding.Learned);

        switch (config.Architecture)
        {
            case Architecture.Encoder:
            {
                var blocks = new BlockStack<T>(Enumerable.Range(0, config.Layers).Select(_ => Block(false, false)).ToList());
                var headActivation = config.EffectiveActivation == Activation.GeluTanh ? Activation.GeluTanh : Activation.Gelu;
                var head = new OutputHead<T>(Matrix(d, d), Zero(d), new LayerNorm<T>(d, config.LayerNormEpsilon), headActivation);
                return new Transformer<T>(Architecture.Encoder, embedding, blocks, Matrix(config.VocabSize, d), head: head, config: config);
            }
            case Architecture.Decoder:
            {
                var blocks = new BlockStack<T>(Enumerable.Range(0, config.Layers).Select(_ => Block(true, false)).ToList());
                var final = config.EffectiveNorm == NormPlacement.None ? null : new LayerNorm<T>(d, config.LayerNormEpsilon);
                return new Transformer<T>(Architecture.Decoder, embedding, blocks, Matrix(config.VocabSize, d), finalNorm: final, config: config);
            }
            default:
            {
                var encoder = new BlockStack<T>(Enumerable.Range(0, config.EffectiveEncoderLayers).Select(_ => Block(false, false)).ToList(), "encoder.");
                var decoder = new BlockStack<T>(Enumerable.Range(0, config.Layers).Select(_ => Block(true, true)).ToList());
                return new Transformer<T>(Architecture.EncoderDecoder, embedding, decoder, Matrix(config.VocabSize, d), encoder: encoder, config: config);
            }
        }
    }
}
