using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>Token and positional embeddings: W_e ∈ ℝ^{d_e×N_V} and (optionally) W_p ∈ ℝ^{d_e×ℓ_max}.</summary>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the embedding from explicit matrices; <paramref name="positionsTrainable"/> is false for sinusoidal W_p.</summary>
    public Embedding(Tensor<T> tokens, Tensor<T>? positions, bool positionsTrainable = true)
    {
        if (positions is not null && positions.Rows != tokens.Rows)
            throw new ArgumentException($"embedding: W_e has {tokens.Rows} rows and W_p {positions.Rows}; both must be d_e");
        Tokens = tokens;
        Positions = positions;
        PositionsTrainable = positions is not null && positionsTrainable;
    }

    /// <summary>W_e ∈ ℝ^{d_e×N_V}: column v embeds token v.</summary>
    public Tensor<T> Tokens { get; }
    /// <summary>W_p ∈ ℝ^{d_e×ℓ_max}: column t embeds position t (0-based), or null.</summary>
    public Tensor<T>? Positions { get; }
    /// <summary>Whether training updates W_p (false for the fixed sinusoidal table).</summary>
    public bool PositionsTrainable { get; }
    /// <summary>d_e.</summary>
    public int Dimension => Tokens.Rows;
    /// <summary>N_V.</summary>
    public int VocabSize => Tokens.Columns;
    /// <summary>ℓ_max (int.MaxValue without positional embedding).</summary>
    public int MaxLength => Positions?.Columns ?? int.MaxValue;

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters()
    {
        yield return ("embed.W_E", Tokens);
        if (PositionsTrainable) yield return ("pos_embed.W_pos", Positions!);
    }

    /// <summary>Algorithm 1, token embedding: e = W_e[:, v].</summary>
    public Tensor<T> TokenEmbedding(int v) => Tokens.ColumnRange(Check(v), 1).Clone();

    /// <summary>Algorithm 2, positional embedding: e_p = W_p[:, t] (t is 0-based here).</summary>
    public Tensor<T> PositionalEmbedding(int t)
    {
        if (Positions is null) return new Tensor<T>(Dimension, 1);
        if (t < 0 || t >= Positions.Columns) throw new UserError($"position {t} is beyond the model's maximum length {Positions.Columns}");
        return Positions.ColumnRange(t, 1).Clone();
    }

    /// <summary>
    /// The sinusoidal W_p of Algorithm 2 with base ℓ_max: for 0 &lt; i ≤ d/2 and position t = 1…ℓ_max,
    /// W_p[2i−1, t] = sin(t/ℓ_max^{2i/d}) and W_p[2i, t] = cos(t/ℓ_max^{2i/d}) (the paper's 1-based indices).
    /// </summary>
    public static Tensor<T> Sinusoidal(int d, int maxLength)
    {
        var wp = new Tensor<T>(d, maxLength);
        for (int t = 1; t <= maxLength; t++)
            for (int i = 1; 2 * i <= d; i++)
            {
                double angle = t / Math.Pow(maxLength, 2.0 * i / d);
                wp[2 * i - 2, t - 1] = T.CreateChecked(Math.Sin(angle));
                wp[2 * i - 1, t - 1] = T.CreateChecked(Math.Cos(angle));
            }
        return wp;
    }

    /// <summary>X[:, t] = W_e[:, x[t]] + W_p[:, position(t)] for every packed column; fires hook_embed and hook_pos_embed.</summary>
    internal void Forward(ReadOnlySpan<int> ids, int[] positions, Tensor<T> output, ForwardContext<T> ctx, string prefix)
    {
        for (int t = 0; t < ids.Length; t++) Check(ids[t]);
        var tokens = output;
        if (ctx.Observed(prefix + HookNames.Embed) || Positions is not null)
        {
            tokens = ctx.Workspace.Get(this, prefix + "tok", Dimension, ids.Length);
        }
        Kernels.GatherColumns(Tokens, ids, tokens);
        ctx.Fire(prefix + HookNames.Embed, tokens);
        if (Positions is null)
        {
            if (!ReferenceEquals(tokens, output)) tokens.CopyTo(output);
            return;
        }
        var pos = ctx.Workspace.Get(this, prefix + "pos", Dimension, ids.Length);
        foreach (var p in positions)
            if (p >= Positions.Columns) throw new UserError($"sequence of length {p + 1} is longer than the model's maximum length {Positions.Columns}");
        Kernels.GatherColumns(Positions, positions, pos);
        ctx.Fire(prefix + HookNames.PosEmbed, pos);
        Kernels.Add(tokens, pos, output);
    }

    internal void Backward(ReadOnlySpan<int> ids, int[] positions, Tensor<T> d, Gradients<T> grads)
    {
        var dWe = grads.Of(Tokens);
        for (int t = 0; t < ids.Length; t++)
        {
            var col = dWe.Column(ids[t]);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(col, d.Column(t), col);
        }
        if (!PositionsTrainable) return;
        var dWp = grads.Of(Positions!);
        for (int t = 0; t < positions.Length; t++)
        {
            var col = dWp.Column(positions[t]);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(col, d.Column(t), col);
        }
    }

    private int Check(int v) => v >= 0 && v < Tokens.Columns
        ? v
        : throw new UserError($"token id {v} is outside the vocabulary of {Tokens.Columns} tokens");
}
