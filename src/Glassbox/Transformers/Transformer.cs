using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// A whole transformer: embedding, an optional encoder stack (encoder-decoder only), the main block stack, an
/// optional final layer norm (Algorithm 10), an optional output head W_f/GELU/LN (Algorithm 9) and the
/// unembedding W_u ∈ ℝ^{N_V×d}. Built from explicit weights (compiled models) or from a <see cref="TransformerConfig"/>
/// with random weights (<see cref="TransformerFactory"/>). Forward passes reuse this model's buffers: use one model
/// object per thread.
/// </summary>
public sealed partial class Transformer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly Workspace<T> Workspace = new();
    private Tensor<T>? _lastResidual, _lastHeadInput, _lastUnembedInput;

    /// <summary>Assembles a transformer from its parts.</summary>
    public Transformer(Architecture architecture, Embedding<T> embedding, BlockStack<T> blocks, Tensor<T> unembedding,
        BlockStack<T>? encoder = null, LayerNorm<T>? finalNorm = null, OutputHead<T>? head = null, TransformerConfig? config = null)
    {
        if (architecture == Architecture.EncoderDecoder && encoder is null)
            throw new ArgumentException("an encoder-decoder needs an encoder stack");
        int dOut = head?.Width ?? embedding.Dimension;
        if (unembedding.Columns != dOut)
            throw new ArgumentException($"unembedding W_u has {unembedding.Columns} columns, expected {dOut}");
        Architecture = architecture;
        Embedding = embedding;
        Blocks = blocks;
        Encoder = encoder;
        FinalNorm = finalNorm;
        Head = head;
        Unembedding = unembedding;
        Config = config;
    }

    /// <summary>Which of the three architectures.</summary>
    public Architecture Architecture { get; }
    /// <summary>W_e and W_p.</summary>
    public Embedding<T> Embedding { get; }
    /// <summary>The main stack: the encoder of an encoder-only model, the decoder otherwise (hooks <c>blocks.{l}.*</c>).</summary>
    public BlockStack<T> Blocks { get; }
    /// <summary>The encoder of an encoder-decoder (hooks <c>encoder.blocks.{l}.*</c>), else null.</summary>
    public BlockStack<T>? Encoder { get; }
    /// <summary>Final layer norm (γ, β of Algorithm 10), or null.</summary>
    public LayerNorm<T>? FinalNorm { get; }
    /// <summary>BERT's output head (Algorithm 9's W_f, b_f, GELU and layer norm), or null.</summary>
    public OutputHead<T>? Head { get; }
    /// <summary>W_u ∈ ℝ^{N_V×d}.</summary>
    public Tensor<T> Unembedding { get; }
    /// <summary>The hyper-parameters this model was created from, if any.</summary>
    public TransformerConfig? Config { get; }
    /// <summary>N_V.</summary>
    public int VocabSize => Unembedding.Rows;

    /// <summary>
    /// When set, every forward product W·X visits only the non-zero activations of each column
    /// (<see cref="Kernels.MatMulSparseColumns{T}(Tensor{T}, Tensor{T}, Tensor{T})"/>) and attention scores are dotted over the
    /// non-zero entries of a query, or else of a key, when at most a quarter of it is non-zero.
    /// Compiled models set it: their residual streams are one-hot per s-op. The numbers equal the dense pass's
    /// to rounding (the same terms, the zero ones left out); backward passes are dense either way.
    /// </summary>
    public bool SparseActivations { get; init; }
    /// <summary>True when a token's output may depend only on earlier tokens (decoder-only).</summary>
    public bool IsCausal => Architecture == Architecture.Decoder;

    /// <summary>All parameters with TransformerLens-style names, in a fixed order.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters()
    {
        foreach (var p in Embedding.Parameters()) yield return p;
        if (Encoder is not null) foreach (var p in Encoder.Parameters()) yield return p;
        foreach (var p in Blocks.Parameters()) yield return p;
        if (FinalNorm is not null) foreach (var p in FinalNorm.Parameters("ln_final")) yield return p;
        if (Head is not null) foreach (var p in Head.Parameters()) yield return p;
        yield return ("unembed.W_U", Unembedding);
    }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Value.Length);

    /// <summary>Algorithm 7, unembedding: p = softmax(W_u e) for every column of <paramref name="e"/>.</summary>
    public Tensor<T> Unembed(Tensor<T> e)
    {
        var p = Kernels.MatMul(Unembedding, e);
        Kernels.SoftmaxColumns(p, p);
        return p;
    }

    /// <summary>
    /// Logits W_u X for one sequence (N_V×ℓ): ETransformer (Algorithm 9) or DTransformer (Algorithm 10) before the
    /// final softmax. Hooks may read or replace activations; the cache records them.
    /// </summary>
    public Tensor<T> Forward(int[] x, HookSet<T>? hooks = null, ActivationCache<T>? cache = null)
    {
        if (Architecture == Architecture.EncoderDecoder)
            throw new ArgumentException("an encoder-decoder needs the source sequence too: use Forward(z, x)");
        return ForwardBatch([x], hooks, cache)[0];
    }

    /// <summary>EDTransformer (Algorithm 8) logits for source <paramref name="z"/> and target prefix <paramref name="x"/>.</summary>
    public Tensor<T> Forward(int[] z, int[] x, HookSet<T>? hooks = null, ActivationCache<T>? cache = null) =>
        ForwardBatch([x], hooks, cache, [z])[0];

    /// <summary>P = softmax(logits), one distribution per column (Algorithms 8–10 as written).</summary>
    public Tensor<T> Probabilities(int[] x)
    {
        var logits = Forward(x);
        Kernels.SoftmaxColumns(logits, logits);
        return logits;
    }

    /// <summary>
    /// Logits for many sequences in one pass (they are packed side by side; attention stays within each sequence),
    /// reusing this model's buffers. <paramref name="sources"/> are the encoder inputs of an encoder-decoder.
    /// </summary>
    public IReadOnlyList<Tensor<T>> ForwardBatch(IReadOnlyList<int[]> xs, HookSet<T>? hooks = null, ActivationCache<T>? cache = null,
        IReadOnlyList<int[]>? sources = null)
    {
        var (logits, layout) = ForwardPacked(xs, hooks, cache, sources);
        var result = new Tensor<T>[xs.Count];
        for (int s = 0; s < xs.Count; s++) result[s] = logits.ColumnRange(layout.Starts[s], layout.Lengths[s]).Clone();
        return result;
    }

    /// <summary>
    /// Logits of many sequences in one pass, packed side by side: position t of sequence s is column
    /// <c>Layout.Starts[s] + t</c>. The tensor is a view of this model's buffer that the next forward pass overwrites:
    /// the allocation-free form of <see cref="ForwardBatch"/> (one output tensor, as an ONNX runtime returns).
    /// </summary>
    public (Tensor<T> Logits, SequenceLayout Layout) ForwardPacked(IReadOnlyList<int[]> xs, HookSet<T>? hooks = null,
        ActivationCache<T>? cache = null, IReadOnlyList<int[]>? sources = null) => Run(xs, sources, hooks, cache);

    /// <summary>The final residual stream (after the last block, before any final norm and W_u) of many sequences.</summary>
    public IReadOnlyList<Tensor<T>> ResidualBatch(IReadOnlyList<int[]> xs, HookSet<T>? hooks = null, ActivationCache<T>? cache = null)
    {
        var layout = new SequenceLayout(xs.Select(x => x.Length).ToArray());
        var ctx = new ForwardContext<T>(Workspace, layout, hooks, cache) { SparseActivations = SparseActivations };
        var residual = Body(Flatten(xs), layout, ctx, null, null);
        var result = new Tensor<T>[xs.Count];
        for (int s = 0; s < xs.Count; s++) result[s] = residual.ColumnRange(layout.Starts[s], layout.Lengths[s]).Clone();
        return result;
    }

    internal (Tensor<T> Logits, SequenceLayout Layout) Run(IReadOnlyList<int[]> xs, IReadOnlyList<int[]>? sources,
        HookSet<T>? hooks, ActivationCache<T>? cache)
    {
        var layout = new SequenceLayout(xs.Select(x => x.Length).ToArray());
        var ctx = new ForwardContext<T>(Workspace, layout, hooks, cache) { SparseActivations = SparseActivations };
        Tensor<T>? z = null;
        SequenceLayout? zLayout = null;
        if (Architecture == Architecture.EncoderDecoder)
        {
            if (sources is null || sources.Count != xs.Count)
                throw new ArgumentException("an encoder-decoder needs one source sequence per target sequence");
            zLayout = new SequenceLayout(sources.Select(x => x.Length).ToArray());
            z = Encode(Flatten(sources), zLayout, ctx);
            ctx.Layout = layout;
        }
        var residual = Body(Flatten(xs), layout, ctx, z, zLayout);
        return (Output(residual, ctx), layout);
    }

    /// <summary>The encoder of Algorithm 8 over packed sources (a workspace view).</summary>
    internal Tensor<T> Encode(int[] ids, SequenceLayout zLayout, ForwardContext<T> ctx)
    {
        ctx.Layout = zLayout;
        var z0 = Workspace.Get(this, "z0", Embedding.Dimension, ids.Length);
        Embedding.Forward(ids, zLayout.Positions(), z0, ctx, "encoder.");
        _encoderOutput = Encoder!.Forward(z0, ctx, null, null);
        return _encoderOutput;
    }

    internal Tensor<T> Body(int[] ids, SequenceLayout layout, ForwardContext<T> ctx, Tensor<T>? z, SequenceLayout? zLayout)
    {
        var x0 = Workspace.Get(this, "x0", Embedding.Dimension, ids.Length);
        Embedding.Forward(ids, layout.Positions(), x0, ctx, "");
        return Blocks.Forward(x0, ctx, z, zLayout);
    }

    internal Tensor<T> Output(Tensor<T> residual, ForwardContext<T> ctx)
    {
        _lastResidual = residual;
        var x = residual;
        if (FinalNorm is not null)
        {
            x = Workspace.Get(this, "final", residual.Rows, residual.Columns);
            FinalNorm.Forward(residual, x, Workspace);
            ctx.Fire(HookNames.FinalNorm, x);
        }
        _lastHeadInput = x;
        if (Head is not null) x = Head.Forward(x, ctx);
        _lastUnembedInput = x;
        var logits = Workspace.Get(this, "logits", VocabSize, x.Columns);
        ctx.Product(Unembedding, x, logits);
        ctx.Fire(HookNames.Logits, logits);
        return logits;
    }

    internal static int[] Flatten(IReadOnlyList<int[]> xs)
    {
        var ids = new int[xs.Sum(x => x.Length)];
        int t = 0;
        foreach (var x in xs) { x.CopyTo(ids, t); t += x.Length; }
        return ids;
    }
}

/// <summary>The output head of ETransformer (Algorithm 9): X ← GELU(W_f X + b_f 1ᵀ), then layer norm (γ, β).</summary>
public sealed class OutputHead<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the head from explicit weights.</summary>
    public OutputHead(Tensor<T> wf, Tensor<T> bf, LayerNorm<T> norm, Activation activation = Activation.Gelu)
    {
        if (bf.Rows != wf.Rows || bf.Columns != 1 || norm.Dimension != wf.Rows)
            throw new ArgumentException($"output head: W_f is {wf.Rows}×{wf.Columns}, b_f {bf.Rows}×{bf.Columns}, layer norm {norm.Dimension}");
        Wf = wf; Bf = bf; Norm = norm; Activation = activation;
    }

    /// <summary>W_f ∈ ℝ^{d_f×d_e}.</summary>
    public Tensor<T> Wf { get; }
    /// <summary>b_f (d_f×1).</summary>
    public Tensor<T> Bf { get; }
    /// <summary>The final layer norm (γ, β ∈ ℝ^{d_f}).</summary>
    public LayerNorm<T> Norm { get; }
    /// <summary>The activation (GELU in the paper).</summary>
    public Activation Activation { get; }
    /// <summary>d_f.</summary>
    public int Width => Wf.Rows;

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters()
    {
        yield return ("head.W_f", Wf);
        yield return ("head.b_f", Bf);
        foreach (var p in Norm.Parameters("head.ln")) yield return p;
    }

    internal Tensor<T> Forward(Tensor<T> x, ForwardContext<T> ctx)
    {
        var ws = ctx.Workspace;
        var pre = ws.Get(this, "pre", Width, x.Columns);
        var output = ws.Get(this, "out", Width, x.Columns);
        ctx.Linear(Wf, Bf, x, pre);
        Activations.Apply(Activation, pre, output);
        Norm.Forward(output, output, ws);
        ctx.Fire("head.hook_out", output);
        return output;
    }

    internal void Backward(Tensor<T> x, Tensor<T> dOut, Tensor<T> dx, Gradients<T> grads, Workspace<T> ws)
    {
        var pre = ws.Get(this, "pre", Width, x.Columns);
        Norm.Backward(dOut, dOut, grads, ws);
        Activations.Backward(Activation, pre, dOut, dOut);
        dx.Clear();
        MultiHeadAttention<T>.LinearBackward(Wf, Bf, x, dOut, dx, grads);
    }
}
