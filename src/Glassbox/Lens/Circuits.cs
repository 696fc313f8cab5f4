using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>Which side of a later head reads an earlier head's output.</summary>
public enum CompositionKind
{
    /// <summary>Q-composition: the later head's queries read the earlier head's output.</summary>
    Q,
    /// <summary>K-composition: the later head's keys read it.</summary>
    K,
    /// <summary>V-composition: the later head's values read it (virtual heads).</summary>
    V,
}

/// <summary>
/// The QK and OV circuits of a model's attention heads ("A Mathematical Framework for Transformer Circuits"), in the
/// Formal Algorithms column convention: the score of query x_dst against key x_src is x_dstᵀ W_QK x_src with
/// W_QK = s · W_qᵀ W_k (s the head's score scale, so the circuit is exactly what attention applies), and a head
/// writes W_OV x_src with W_OV = W_o^h W_v. Full circuits on tokens: QK = W_Eᵀ W_QK W_E (rows = query token,
/// columns = key token), OV = W_U W_OV W_E (rows = output logit, columns = attended token). Biases are ignored.
/// </summary>
public sealed class Circuits
{
    private readonly Transformer<double> _model;

    /// <summary>Reads the circuits of <paramref name="model"/> (self-attention of the main stack).</summary>
    public Circuits(Transformer<double> model) => _model = model;

    /// <summary>Number of blocks.</summary>
    public int Layers => _model.Blocks.Blocks.Count;

    /// <summary>Heads of block <paramref name="layer"/> (0 for a block without attention).</summary>
    public int HeadCount(int layer) => _model.Blocks.Blocks[layer].SelfAttention?.Heads.Count ?? 0;

    /// <summary>Every (layer, head) pair in order.</summary>
    public IEnumerable<(int Layer, int Head)> AllHeads() =>
        Enumerable.Range(0, Layers).SelectMany(l => Enumerable.Range(0, HeadCount(l)).Select(h => (l, h)));

    private MultiHeadAttention<double> Attention(int layer) =>
        _model.Blocks.Blocks[layer].SelfAttention ?? throw new ArgumentException($"block {layer} has no attention");

    /// <summary>W_QK = s W_qᵀ W_k (d×d), factored through d_attn.</summary>
    public FactoredMatrix QK(int layer, int head)
    {
        var attn = Attention(layer);
        var h = attn.Heads[head];
        double scale = attn.Options.Mode == AttentionMode.Hard ? attn.Options.Scale ?? 1.0 : attn.Options.ScaleFor(h.KeySize);
        var a = LinearAlgebra.Transpose(h.Wq.ToArray());
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) a[i, j] *= scale;
        return new FactoredMatrix(a, h.Wk.ToArray());
    }

    /// <summary>W_OV = W_o^h W_v (d×d), factored through d_mid.</summary>
    public FactoredMatrix OV(int layer, int head)
    {
        var attn = Attention(layer);
        return new FactoredMatrix(attn.OutputOf(head).Clone().ToArray(), attn.Heads[head].Wv.ToArray());
    }

    /// <summary>The full QK circuit W_Eᵀ W_QK W_E (N_V×N_V; rows = query token, columns = key token).</summary>
    public FactoredMatrix FullQK(int layer, int head)
    {
        var we = _model.Embedding.Tokens.ToArray();
        var qk = QK(layer, head);
        return new FactoredMatrix(LinearAlgebra.Multiply(LinearAlgebra.Transpose(we), qk.A), LinearAlgebra.Multiply(qk.B, we));
    }

    /// <summary>The positional QK circuit W_pᵀ W_QK W_p (ℓ_max×ℓ_max; rows = query position), or null without W_p.</summary>
    public FactoredMatrix? PositionalQK(int layer, int head)
    {
        if (_model.Embedding.Positions is not { } wpt) return null;
        var wp = wpt.ToArray();
        var qk = QK(layer, head);
        return new FactoredMatrix(LinearAlgebra.Multiply(LinearAlgebra.Transpose(wp), qk.A), LinearAlgebra.Multiply(qk.B, wp));
    }

    /// <summary>The full OV circuit W_U W_OV W_E (N_V×N_V; rows = output logit, columns = attended token).</summary>
    public FactoredMatrix FullOV(int layer, int head)
    {
        var ov = OV(layer, head);
        return new FactoredMatrix(LinearAlgebra.Multiply(_model.Unembedding.ToArray(), ov.A), LinearAlgebra.Multiply(ov.B, _model.Embedding.Tokens.ToArray()));
    }

    /// <summary>The eigenvalue copying score of the full OV circuit (+1: the head copies the token it attends to).</summary>
    public double CopyingScore(int layer, int head) => FullOV(layer, head).CopyingScore();

    /// <summary>Fraction of tokens t (among <paramref name="tokens"/>, default all) for which column t of the full OV circuit is largest at row t.</summary>
    public double OVDiagonalTop1(int layer, int head, IReadOnlyList<int>? tokens = null)
    {
        var m = FullOV(layer, head).Product();
        var ts = tokens ?? Enumerable.Range(0, m.GetLength(1)).ToList();
        int hits = 0;
        foreach (var t in ts)
        {
            int best = 0;
            for (int r = 1; r < m.GetLength(0); r++) if (m[r, t] > m[best, t]) best = r;
            if (best == t) hits++;
        }
        return ts.Count == 0 ? 0 : hits / (double)ts.Count;
    }

    /// <summary>
    /// Composition score of earlier head (l1, h1) into later head (l2, h2): ‖W_B W_OV^{h1}‖_F / (‖W_B‖_F ‖W_OV^{h1}‖_F)
    /// with W_B = W_QK^{h2 ᵀ} (Q: x_dstᵀ W_QK reads W_OV y on the query side, (W_OV y)ᵀ W_QK x = yᵀ W_OVᵀ W_QK x),
    /// W_B = W_QK^{h2} (K: x_dstᵀ W_QK W_OV y) or W_B = W_OV^{h2} (V). Zero unless l2 &gt; l1.
    /// </summary>
    public double Composition(CompositionKind kind, int l1, int h1, int l2, int h2)
    {
        if (l2 <= l1) return 0;
        var left = OV(l1, h1);
        var right = kind switch
        {
            CompositionKind.Q => QK(l2, h2).Transpose(),
            CompositionKind.K => QK(l2, h2),
            _ => OV(l2, h2),
        };
        return CompositionScore(right, left);
    }

    /// <summary>‖W_B W_A‖_F / (‖W_B‖_F ‖W_A‖_F), computed on the factors (0 when either is zero).</summary>
    public static double CompositionScore(FactoredMatrix wb, FactoredMatrix wa)
    {
        double denominator = wb.FrobeniusNorm() * wa.FrobeniusNorm();
        return denominator == 0 ? 0 : wb.Multiply(wa).FrobeniusNorm() / denominator;
    }

    /// <summary>
    /// The score of composing random matrices of the same shapes (Gaussian factors: d×d_head times d_head×d, twice),
    /// averaged over <paramref name="samples"/> seeded draws: the level a score must beat to mean anything
    /// (≈ 1/√d_model for d_head ≪ d_model).
    /// </summary>
    public static double RandomBaseline(int dModel, int dHead, int samples = 20, int seed = 0)
    {
        var rng = new Random(seed);
        double[,] Gaussian(int r, int c)
        {
            var m = new double[r, c];
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++)
                {
                    double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                    m[i, j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                }
            return m;
        }
        double sum = 0;
        for (int s = 0; s < samples; s++)
            sum += CompositionScore(new FactoredMatrix(Gaussian(dModel, dHead), Gaussian(dHead, dModel)),
                new FactoredMatrix(Gaussian(dModel, dHead), Gaussian(dHead, dModel)));
        return sum / samples;
    }
}
