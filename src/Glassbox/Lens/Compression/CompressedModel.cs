using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens.Compression;

/// <summary>
/// A compiled model whose residual stream lives in d dimensions (Tracr §5): a projection W (d×D) compresses, Wᵀ
/// decompresses. Embeddings are written as W e, every attention head and MLP reads Wᵀ r and applies its compiled
/// weights unchanged, its output o is written back as W o, and the readout reads Wᵀ r. Because every read and write
/// is linear, the same model is an ordinary engine transformer of width d whose weights have W folded in
/// (W_q Wᵀ, W_k Wᵀ, W_v Wᵀ, W W_o, W₁ Wᵀ, W W₂, W W_e, W_u Wᵀ): <see cref="ToEngine"/> builds it, and
/// <see cref="Run"/> runs it on the engine (the real compressed forward, softmax at the compiled coldness).
/// </summary>
public sealed class CompressedModel
{
    /// <summary>Wraps <paramref name="model"/> with the projection <paramref name="projection"/> (d×D, D the model's residual width).</summary>
    public CompressedModel(CompiledModel model, double[,] projection)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(projection);
        if (projection.GetLength(1) != model.ResidualDim)
            throw new ArgumentException($"the projection reads {projection.GetLength(1)} dimensions but the model's residual stream has {model.ResidualDim}");
        if (projection.GetLength(0) < 1) throw new ArgumentException("the projection must have at least one row");
        Model = model;
        Projection = projection;
    }

    /// <summary>The uncompressed compiled model (its weights are never changed).</summary>
    public CompiledModel Model { get; }

    /// <summary>W, d×D: row i is the i-th compressed coordinate as a combination of the named residual directions.</summary>
    public double[,] Projection { get; }

    /// <summary>d, the compressed residual width.</summary>
    public int Dim => Projection.GetLength(0);

    /// <summary>D, the compiled residual width.</summary>
    public int ResidualDim => Model.ResidualDim;

    /// <summary>The model with W = I (identical to the uncompressed model).</summary>
    public static CompressedModel Identity(CompiledModel model)
    {
        var w = new double[model.ResidualDim, model.ResidualDim];
        for (var i = 0; i < model.ResidualDim; i++) w[i, i] = 1;
        return new CompressedModel(model, w);
    }

    /// <summary>WᵀW (D×D): how each named direction reads back after compression (the identity when nothing is lost).</summary>
    public double[,] Gram()
    {
        int d = Dim, n = ResidualDim;
        var g = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < d; k++) s += Projection[k, i] * Projection[k, j];
                g[i, j] = s;
            }
        return g;
    }

    /// <summary>The compressed model as an engine transformer of width d (W folded into every read and write).</summary>
    public Transformer<double> ToEngine() => Fold(EngineModel.Build(Model), Tensor<double>.FromArray(Projection));

    /// <summary>Runs inputs through the compressed model on the engine and decodes every position (as <see cref="EngineModel.Run"/>).</summary>
    public IReadOnlyList<IReadOnlyList<Value>> Run(IReadOnlyList<IReadOnlyList<Value>> inputs) =>
        EngineModel.Run(Model, ToEngine(), inputs);

    /// <summary>
    /// Folds a projection W (d×D) into a transformer of width D without layer norm: the result has width d and
    /// computes exactly the compress-on-write, decompress-on-read model.
    /// </summary>
    public static Transformer<double> Fold(Transformer<double> full, Tensor<double> w)
    {
        if (full.FinalNorm is not null || full.Head is not null || full.Architecture == Architecture.EncoderDecoder)
            throw new ArgumentException("only transformers without layer norm, output head or encoder can be compressed");
        if (w.Columns != full.Embedding.Dimension)
            throw new ArgumentException($"the projection reads {w.Columns} dimensions but the transformer's residual has {full.Embedding.Dimension}");
        var embedding = new Embedding<double>(Write(w, full.Embedding.Tokens), full.Embedding.Positions is { } p ? Write(w, p) : null);
        var blocks = new List<TransformerBlock<double>>();
        foreach (var block in full.Blocks.Blocks)
        {
            if (block.Placement != NormPlacement.None || block.CrossAttention is not null)
                throw new ArgumentException("only blocks without layer norm or cross-attention can be compressed");
            MultiHeadAttention<double>? attention = null;
            if (block.SelfAttention is { } mha)
            {
                var heads = mha.Heads.Select(h => new AttentionHead<double>(Read(h.Wq, w), Read(h.Wk, w), Read(h.Wv, w), h.Bq, h.Bk, h.Bv)).ToList();
                attention = new MultiHeadAttention<double>(heads, Write(w, mha.Wo), mha.Bo is { } bo ? Write(w, bo) : null, mha.Options);
            }
            Transformers.Mlp<double>? mlp = block.Mlp is { } m
                ? new Transformers.Mlp<double>(Read(m.W1, w), m.B1, Write(w, m.W2), m.B2 is { } b2 ? Write(w, b2) : null, m.Activation)
                : null;
            blocks.Add(new TransformerBlock<double>(attention, mlp, NormPlacement.None));
        }
        return new Transformer<double>(full.Architecture, embedding, new BlockStack<double>(blocks), Read(full.Unembedding, w));
    }

    /// <summary>A weight that reads the residual, M (k×D), becomes M Wᵀ (k×d).</summary>
    private static Tensor<double> Read(Tensor<double> m, Tensor<double> w)
    {
        var r = new Tensor<double>(m.Rows, w.Rows);
        Kernels.MatMul(m, w, r, transposeB: true);
        return r;
    }

    /// <summary>A weight that writes the residual, M (D×k), becomes W M (d×k).</summary>
    private static Tensor<double> Write(Tensor<double> w, Tensor<double> m)
    {
        var r = new Tensor<double>(w.Rows, m.Columns);
        Kernels.MatMul(w, m, r);
        return r;
    }
}
