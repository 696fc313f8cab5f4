using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>The three architectures of "Formal Algorithms for Transformers".</summary>
public enum Architecture
{
    /// <summary>Encoder-only, bidirectional (ETransformer/BERT, Algorithm 9).</summary>
    Encoder,
    /// <summary>Decoder-only, causal (DTransformer/GPT, Algorithm 10).</summary>
    Decoder,
    /// <summary>Encoder-decoder (EDTransformer, the original Transformer, Algorithm 8).</summary>
    EncoderDecoder,
}

/// <summary>Where a block applies layer norm.</summary>
public enum NormPlacement
{
    /// <summary>No layer norm (compiled models, the looped computer).</summary>
    None,
    /// <summary>Pre-LN: each sub-layer reads a normalised copy; the residual stream itself is never normalised (GPT, Algorithm 10).</summary>
    Pre,
    /// <summary>Post-LN: the residual stream is normalised after each residual addition (Algorithms 8 and 9).</summary>
    Post,
}

/// <summary>The MLP non-linearity.</summary>
public enum Activation
{
    /// <summary>max(x, 0) (Algorithm 8, compiled models).</summary>
    Relu,
    /// <summary>Exact GELU x·Φ(x) (Algorithms 9 and 10).</summary>
    Gelu,
    /// <summary>GELU with GPT-2's tanh approximation.</summary>
    GeluTanh,
}

/// <summary>How positions are embedded (Algorithm 2).</summary>
public enum PositionalEmbedding
{
    /// <summary>A learned matrix W_p ∈ ℝ^{d_e×ℓ_max}.</summary>
    Learned,
    /// <summary>The fixed sinusoidal W_p of Algorithm 2 (base ℓ_max).</summary>
    Sinusoidal,
    /// <summary>No positional embedding.</summary>
    None,
}

/// <summary>How attention turns scores into weights.</summary>
public enum AttentionMode
{
    /// <summary>softmax over the context (key) index of each query column.</summary>
    Softmax,
    /// <summary>Hard attention: weight 1/k on each of the k keys with the maximal score (exact ties), 0 elsewhere.</summary>
    Hard,
}

/// <summary>
/// Options of one attention sub-layer. <see cref="Scale"/> multiplies the scores before the softmax: null means the
/// paper's 1/√d_attn, 1 means "no scaling", and a large value is the softmax "coldness" (Tracr uses 100) or the
/// looped computer's temperature parameter λ.
/// </summary>
/// <param name="Causal">Unidirectional mask Mask[t_z, t_x] = [[t_z ≤ t_x]]; otherwise Mask ≡ 1.</param>
/// <param name="Scale">Score multiplier; null = 1/√d_attn.</param>
/// <param name="Mode">Softmax or hard (argmax-average) attention.</param>
public sealed record AttentionOptions(bool Causal = false, double? Scale = null, AttentionMode Mode = AttentionMode.Softmax)
{
    /// <summary>The multiplier used for a head with key size <paramref name="dAttn"/>.</summary>
    public double ScaleFor(int dAttn) => Scale ?? 1.0 / Math.Sqrt(Math.Max(1, dAttn));
}

/// <summary>Activation helpers shared by the MLP and the BERT output head.</summary>
internal static class Activations
{
    /// <summary>destination ← f(x).</summary>
    public static void Apply<T>(Activation f, Tensor<T> x, Tensor<T> destination) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (f)
        {
            case Activation.Relu: Kernels.Relu(x, destination); break;
            case Activation.Gelu: Kernels.Gelu(x, destination); break;
            default:
                if (ReferenceEquals(x, destination) || x.Span.Overlaps(destination.Span)) Kernels.Gelu(x, destination, GeluApproximation.Tanh);
                else FastMath.GeluTanh(x, destination);
                break;
        }
    }

    /// <summary>dx ← dy ⊙ f′(x) (dx may alias dy).</summary>
    public static void Backward<T>(Activation f, Tensor<T> x, Tensor<T> dy, Tensor<T> dx) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var xs = x.Span;
        var g = dy.Span;
        var o = dx.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            double v = double.CreateChecked(xs[i]);
            double d = f switch
            {
                Activation.Relu => v > 0 ? 1 : 0,
                Activation.Gelu => SpecialFunctions.NormalCdf(v) + v * SpecialFunctions.NormalPdf(v),
                _ => GeluTanhDerivative(v),
            };
            o[i] = g[i] * T.CreateChecked(d);
        }
    }

    private static double GeluTanhDerivative(double x)
    {
        const double c = 0.7978845608028654, k = 0.044715;
        double u = c * (x + k * x * x * x);
        double th = Math.Tanh(u);
        return 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * c * (1 + 3 * k * x * x);
    }
}
