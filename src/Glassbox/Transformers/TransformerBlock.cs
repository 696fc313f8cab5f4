using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// One layer of the residual stream: an optional self-attention sub-layer, an optional cross-attention sub-layer
/// (encoder-decoder only) and an optional MLP sub-layer, each added to the residual X ← X + sublayer(·). Layer norm
/// sits where <see cref="Placement"/> says: Pre (sub-layer reads layer_norm(X), Algorithm 10), Post (X ← layer_norm(X
/// + sublayer(X)), Algorithms 8 and 9) or None (compiled models).
/// </summary>
public sealed class TransformerBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a block; each sub-layer may be null, a norm must be given for each present sub-layer unless placement is None.</summary>
    public TransformerBlock(MultiHeadAttention<T>? selfAttention, Mlp<T>? mlp, NormPlacement placement = NormPlacement.None,
        LayerNorm<T>? attentionNorm = null, LayerNorm<T>? mlpNorm = null,
        MultiHeadAttention<T>? crossAttention = null, LayerNorm<T>? crossNorm = null)
    {
        if (placement != NormPlacement.None &&
            ((selfAttention is not null && attentionNorm is null) || (mlp is not null && mlpNorm is null) || (crossAttention is not null && crossNorm is null)))
            throw new ArgumentException($"block: placement {placement} needs a layer norm for every sub-layer");
        SelfAttention = selfAttention;
        CrossAttention = crossAttention;
        Mlp = mlp;
        Placement = placement;
        AttentionNorm = placement == NormPlacement.None ? null : attentionNorm;
        CrossNorm = placement == NormPlacement.None ? null : crossNorm;
        MlpNorm = placement == NormPlacement.None ? null : mlpNorm;
    }

    /// <summary>Self-attention, or null for an MLP-only layer.</summary>
    public MultiHeadAttention<T>? SelfAttention { get; }
    /// <summary>Cross-attention to the encoder output (Algorithm 8's W^{e/d}), or null.</summary>
    public MultiHeadAttention<T>? CrossAttention { get; }
    /// <summary>The MLP, or null for an attention-only layer.</summary>
    public Mlp<T>? Mlp { get; }
    /// <summary>Where layer norm is applied.</summary>
    public NormPlacement Placement { get; }
    /// <summary>Layer norm of the self-attention sub-layer (γ¹, β¹), or null.</summary>
    public LayerNorm<T>? AttentionNorm { get; }
    /// <summary>Layer norm of the cross-attention sub-layer, or null.</summary>
    public LayerNorm<T>? CrossNorm { get; }
    /// <summary>Layer norm of the MLP sub-layer (γ², β²), or null.</summary>
    public LayerNorm<T>? MlpNorm { get; }

    /// <summary>The parameters with their names (TransformerLens style: <c>blocks.0.attn.W_Q</c>…).</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters(string prefix)
    {
        if (SelfAttention is not null) foreach (var p in SelfAttention.Parameters(prefix + ".attn")) yield return p;
        if (AttentionNorm is not null) foreach (var p in AttentionNorm.Parameters(prefix + ".ln1")) yield return p;
        if (CrossAttention is not null) foreach (var p in CrossAttention.Parameters(prefix + ".cross_attn")) yield return p;
        if (CrossNorm is not null) foreach (var p in CrossNorm.Parameters(prefix + ".ln_cross")) yield return p;
        if (Mlp is not null) foreach (var p in Mlp.Parameters(prefix + ".mlp")) yield return p;
        if (MlpNorm is not null) foreach (var p in MlpNorm.Parameters(prefix + ".ln2")) yield return p;
    }

    /// <summary>Runs the block on residual <paramref name="x"/> (d×T); returns the new residual (a workspace view).</summary>
    internal Tensor<T> Forward(Tensor<T> x, Tensor<T>? z, SequenceLayout? zLayout, ForwardContext<T> ctx, string prefix, int layer)
    {
        if (_names is not { } names || names.Layer != layer || names.Prefix != prefix) _names = names = new HookNameSet(layer, prefix);
        ctx.Fire(names.ResidPre, x);
        var current = x;
        if (SelfAttention is not null)
        {
            current = SubLayer(0, current, ctx, AttentionNorm, names.AttnOut, (input, output) =>
                SelfAttention.Forward(input, input, ctx.Layout, output, ctx, prefix, layer, "attn"));
        }
        if (CrossAttention is not null)
        {
            if (z is null || zLayout is null) throw new ArgumentException("a block with cross-attention needs the encoder output Z");
            current = SubLayer(1, current, ctx, CrossNorm, names.CrossAttnOut, (input, output) =>
                CrossAttention.Forward(input, z, zLayout, output, ctx, prefix, layer, "cross_attn"));
        }
        if (SelfAttention is not null || CrossAttention is not null) ctx.Fire(names.ResidMid, current);
        if (Mlp is not null)
            current = SubLayer(2, current, ctx, MlpNorm, names.MlpOut, (input, output) => Mlp.Forward(input, output, ctx, names.MlpPre, names.MlpPost));
        if (ReferenceEquals(current, x))
        {
            current = ctx.Workspace.Get(this, "copy", x.Rows, x.Columns);
            x.CopyTo(current);
        }
        ctx.Fire(names.ResidPost, current);
        return current;
    }

    private readonly Tensor<T>?[] _inputs = new Tensor<T>?[3];

    /// <summary>This block's hook names, made once (a block is always called with the same layer index and prefix).</summary>
    private sealed record HookNameSet(int Layer, string Prefix)
    {
        public string ResidPre { get; } = HookNames.ResidPre(Layer, Prefix);
        public string AttnOut { get; } = HookNames.AttnOut(Layer, Prefix);
        public string CrossAttnOut { get; } = HookNames.AttnOut(Layer, Prefix, "cross_attn");
        public string ResidMid { get; } = HookNames.ResidMid(Layer, Prefix);
        public string MlpOut { get; } = HookNames.MlpOut(Layer, Prefix);
        public string ResidPost { get; } = HookNames.ResidPost(Layer, Prefix);
        public string MlpPre { get; } = HookNames.MlpPre(Layer, Prefix);
        public string MlpPost { get; } = HookNames.MlpPost(Layer, Prefix);
    }

    private HookNameSet? _names;

    // One residual sub-layer. Slots: n{i} (its layer norm, Pre), out{i}, res{i}; the residual entering is _inputs[i].
    private Tensor<T> SubLayer(int i, Tensor<T> x, ForwardContext<T> ctx, LayerNorm<T>? norm, string outHook, Action<Tensor<T>, Tensor<T>> run)
    {
        var ws = ctx.Workspace;
        int d = x.Rows, n = x.Columns;
        // The residual entering the sub-layer is kept by reference for the backward pass, not copied: it is a buffer
        // of this forward pass (the embedding or an earlier sub-layer's result) that nothing overwrites before then.
        var input = x;
        _inputs[i] = x;
        var output = ws.Get(this, Slot("out", i), d, n);
        var res = ws.Get(this, Slot("res", i), d, n);
        var readFrom = input;
        if (Placement == NormPlacement.Pre && norm is not null)
        {
            readFrom = ws.Get(this, Slot("n", i), d, n);
            norm.Forward(input, readFrom, ws);
        }
        run(readFrom, output);
        ctx.Fire(outHook, output);
        Kernels.Add(input, output, res);
        if (Placement == NormPlacement.Post && norm is not null) norm.Forward(res, res, ws);
        return res;
    }

    private static readonly string[][] Slots = new[] { "in", "n", "out", "res", "d" }.Select(s => new[] { s + "0", s + "1", s + "2" }).ToArray();

    private static string Slot(string kind, int i) => kind switch
    {
        "in" => Slots[0][i], "n" => Slots[1][i], "out" => Slots[2][i], "res" => Slots[3][i], _ => Slots[4][i],
    };

    /// <summary>
    /// Backward through the block: <paramref name="d"/> holds dL/d(output) on entry and dL/d(input) on exit;
    /// gradients with respect to the encoder output are added into <paramref name="dz"/>.
    /// </summary>
    internal void Backward(Tensor<T> d, Tensor<T>? z, SequenceLayout qLayout, SequenceLayout? zLayout, Tensor<T>? dz,
        Gradients<T> grads, Workspace<T> ws)
    {
        if (Mlp is not null)
            SubLayerBackward(2, d, MlpNorm, grads, ws, (input, dOut, dInput) => Mlp.Backward(input, dOut, dInput, grads, ws));
        if (CrossAttention is not null)
            SubLayerBackward(1, d, CrossNorm, grads, ws, (input, dOut, dInput) =>
                CrossAttention.Backward(input, z!, qLayout, zLayout!, dOut, dInput, dz!, grads, ws));
        if (SelfAttention is not null)
            SubLayerBackward(0, d, AttentionNorm, grads, ws, (input, dOut, dInput) =>
                SelfAttention.Backward(input, input, qLayout, qLayout, dOut, dInput, dInput, grads, ws));
    }

    private void SubLayerBackward(int i, Tensor<T> d, LayerNorm<T>? norm, Gradients<T> grads, Workspace<T> ws,
        Action<Tensor<T>, Tensor<T>, Tensor<T>> backward)
    {
        int dm = d.Rows, n = d.Columns;
        var input = _inputs[i] is { } kept && kept.Columns == n ? kept : throw new InvalidOperationException("backward without a matching forward pass");
        if (Placement == NormPlacement.Post && norm is not null) norm.Backward(d, d, grads, ws);
        var dOut = ws.Get(this, "dout", dm, n);
        d.CopyTo(dOut);
        if (Placement == NormPlacement.Pre && norm is not null)
        {
            var normed = ws.Get(this, Slot("n", i), dm, n);
            var dNormed = ws.Get(this, "dn", dm, n, clear: true);
            backward(normed, dOut, dNormed);
            norm.Backward(dNormed, dNormed, grads, ws);
            Kernels.Add(d, dNormed, d);
        }
        else
        {
            backward(input, dOut, d);
        }
    }
}
