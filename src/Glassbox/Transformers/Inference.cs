using System.Numerics;

namespace Glassbox.Transformers;

/// <summary>Prediction with trained models: prompting a decoder (Algorithm 14) and sequence-to-sequence decoding (Algorithm 15).</summary>
public static class Inference
{
    /// <summary>
    /// Draws a token from the distribution q ∝ p^{1/τ} where p = softmax(logits), i.e. q = softmax(logits/τ),
    /// renormalised. τ = 0 (or anything below 1e-12) means argmax (first maximum on ties).
    /// </summary>
    public static int Sample<T>(ReadOnlySpan<T> logits, double temperature, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        if (temperature < 1e-12) return best;
        double max = double.CreateChecked(logits[best]);
        var q = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < q.Length; i++) sum += q[i] = Math.Exp((double.CreateChecked(logits[i]) - max) / temperature);
        double u = random.NextDouble() * sum;
        for (int i = 0; i < q.Length; i++)
        {
            u -= q[i];
            if (u < 0) return i;
        }
        return best;
    }

    /// <summary>
    /// Algorithm 14, DInference: for i = 1 … ℓ_gen, P = DTransformer(x), sample y from column ℓ + i − 1 of P
    /// with temperature τ, append y to x; returns the ℓ_gen new tokens. Generation stops early after
    /// <paramref name="stopToken"/>. When x outgrows the model's ℓ_max only the last ℓ_max tokens are fed in.
    /// </summary>
    public static int[] DInference<T>(Transformer<T> model, int[] prompt, int generate, double temperature, Random random, int? stopToken = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture != Architecture.Decoder) throw new UserError("DInference needs a decoder-only model");
        if (prompt.Length == 0) throw new UserError("the prompt is empty: a decoder needs at least one token (e.g. BOS)");
        var x = new List<int>(prompt);
        var output = new List<int>();
        int window = model.Embedding.MaxLength;
        for (int i = 0; i < generate; i++)
        {
            int start = Math.Max(0, x.Count - window);
            var logits = model.Forward(x.GetRange(start, x.Count - start).ToArray());
            int y = Sample<T>(logits.Column(logits.Columns - 1), temperature, random);
            x.Add(y);
            output.Add(y);
            if (y == stopToken) break;
        }
        return output.ToArray();
    }

    /// <summary>
    /// Algorithm 15, EDInference: x̂ = [bos]; while the last token is not eos (and x̂ is shorter than
    /// <paramref name="maxLength"/>): P = EDTransformer(z, x̂), sample y from the last column with temperature τ,
    /// append it. Returns x̂ including the leading bos (and the final eos when reached).
    /// </summary>
    public static int[] EDInference<T>(Transformer<T> model, int[] z, int bos, int eos, double temperature, Random random, int maxLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture != Architecture.EncoderDecoder) throw new UserError("EDInference needs an encoder-decoder model");
        var x = new List<int> { bos };
        while (x[^1] != eos && x.Count < Math.Min(maxLength, model.Embedding.MaxLength))
        {
            var logits = model.Forward(z, x.ToArray());
            x.Add(Sample<T>(logits.Column(logits.Columns - 1), temperature, random));
        }
        return x.ToArray();
    }
}
