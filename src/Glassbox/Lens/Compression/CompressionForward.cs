using Glassbox.Compiler;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens.Compression;

/// <summary>
/// Token sequences (BOS first) packed side by side as the columns of one matrix, with the attention mask that keeps
/// each sequence to itself (and causal when the model is): the training forward's minibatch.
/// </summary>
public sealed class CompressionBatch
{
    /// <summary>Packs <paramref name="sequences"/> (token ids, BOS included) for <paramref name="model"/>.</summary>
    public CompressionBatch(CompiledModel model, IReadOnlyList<int[]> sequences)
    {
        Sequences = sequences;
        var total = sequences.Sum(s => s.Length);
        int dim = model.ResidualDim;
        Embedded = new Tensor<double>(dim, total);
        Keep = new bool[total, total];
        MaskBias = Tensor<double>.Filled(total, total, double.MinValue / 4);
        var start = 0;
        foreach (var s in sequences)
        {
            for (var p = 0; p < s.Length; p++)
            {
                var column = Embedded.Column(start + p);
                for (var i = 0; i < dim; i++) column[i] = model.TokenEmbedding[i, s[p]] + model.PositionEmbedding[i, p];
                for (var k = 0; k < s.Length; k++)
                {
                    if (model.Causal && k > p) continue;
                    Keep[start + k, start + p] = true;
                    MaskBias[start + k, start + p] = 0;
                }
            }
            start += s.Length;
        }
    }

    /// <summary>The packed sequences.</summary>
    public IReadOnlyList<int[]> Sequences { get; }

    /// <summary>Token plus position embeddings of every column, in the compiled basis (D×T).</summary>
    public Tensor<double> Embedded { get; }

    /// <summary>[key, query]: whether the query column may attend to the key column.</summary>
    public bool[,] Keep { get; }

    /// <summary><see cref="Keep"/> as an additive bias (T×T): 0 where kept, a huge negative number elsewhere, so the
    /// softmax is exactly 0 there while log-probabilities stay finite.</summary>
    public Tensor<double> MaskBias { get; }

    /// <summary>T, the number of packed columns.</summary>
    public int Columns => Embedded.Columns;
}

/// <summary>What one forward pass produced, in the compiled basis: each block's output (Tracr's "layer outputs"),
/// each head's attention scores before the softmax, and the readout of the output directions.</summary>
/// <param name="BlockOutputs">Per sub-layer (attention, then MLP, layer by layer; only those that exist), D×T.</param>
/// <param name="Patterns">Per head in layer order, the log attention pattern log A[key, query] (T×T; masked entries hugely negative).</param>
/// <param name="Readout">The output directions read off the final residual, |output|×T.</param>
/// <param name="Residuals">The residual stream (in the model's own width, d×T) after the embedding and after each block.</param>
public sealed record CompressionTrace(IReadOnlyList<Var<double>> BlockOutputs, IReadOnlyList<Var<double>> Patterns, Var<double> Readout,
    IReadOnlyList<Var<double>> Residuals);

/// <summary>
/// The compressed compiled model's forward pass written with the differentiable <see cref="Ops"/>, so a
/// <see cref="Tape{T}"/> gives the gradient of a loss with respect to the projection W. It computes exactly what
/// <see cref="CompressedModel.ToEngine"/> computes on the engine (a test checks it), but keeps the compiled weights
/// in the D-dimensional basis and W as a separate factor: r₀ = W x₀; each block reads Wᵀ r and adds W·block(Wᵀ r);
/// the readout reads Wᵀ r. With W null it is the uncompressed model (the training targets).
/// </summary>
public sealed class CompressionForward
{
    private readonly List<(List<(Tensor<double> Q, Tensor<double> K, Tensor<double> V, Tensor<double> O)> Heads, Tensor<double>? W1, Tensor<double>? W2)> _layers;
    private readonly Tensor<double> _readout;

    /// <summary>Prepares the compiled weights of <paramref name="model"/> as engine tensors.</summary>
    public CompressionForward(CompiledModel model)
    {
        Model = model;
        _layers = model.Layers.Select(l => (
            l.Heads.Select(h => (Tensor<double>.FromArray(h.Wq), Tensor<double>.FromArray(h.Wk), Tensor<double>.FromArray(h.Wv), Tensor<double>.FromArray(h.Wo))).ToList(),
            l.Hidden > 0 ? Tensor<double>.FromArray(l.W1) : null,
            l.Hidden > 0 ? Tensor<double>.FromArray(l.W2) : null)).ToList();
        var dirs = model.Output.Directions;
        _readout = new Tensor<double>(dirs.Count, model.ResidualDim);
        for (var i = 0; i < dirs.Count; i++) _readout[i, dirs[i]] = 1;
    }

    /// <summary>The compiled model.</summary>
    public CompiledModel Model { get; }

    /// <summary>Runs <paramref name="batch"/> through the model compressed by <paramref name="w"/> (d×D; null: uncompressed).</summary>
    public CompressionTrace Run(CompressionBatch batch, Var<double>? w)
    {
        var outputs = new List<Var<double>>();
        var patterns = new List<Var<double>>();
        Var<double> r = w is null ? batch.Embedded : Ops.MatMul(w, batch.Embedded);
        var residuals = new List<Var<double>> { r };
        foreach (var (heads, w1, w2) in _layers)
        {
            if (heads.Count > 0)
            {
                var x = Read(w, r);
                Var<double>? sum = null;
                foreach (var head in heads)
                {
                    var q = Ops.MatMul(head.Q, x);
                    var k = Ops.MatMul(head.K, x);
                    var v = Ops.MatMul(head.V, x);
                    var s = Ops.Add(Ops.Scale(Ops.MatMul(k, q, transposeA: true), EngineModel.Coldness), batch.MaskBias);
                    patterns.Add(Ops.LogSoftmaxColumns(s));
                    var pattern = Ops.SoftmaxColumns(s);
                    var o = Ops.MatMul(head.O, Ops.MatMul(v, pattern));
                    sum = sum is null ? o : Ops.Add(sum, o);
                }
                outputs.Add(sum!);
                r = Ops.Add(r, Write(w, sum!));
                residuals.Add(r);
            }
            if (w1 is not null)
            {
                var o = Ops.MatMul(w2!, Ops.Relu(Ops.MatMul(w1, Read(w, r))));
                outputs.Add(o);
                r = Ops.Add(r, Write(w, o));
                residuals.Add(r);
            }
        }
        return new CompressionTrace(outputs, patterns, Ops.MatMul(_readout, Read(w, r)), residuals);
    }

    private static Var<double> Read(Var<double>? w, Var<double> r) => w is null ? r : Ops.MatMul(w, r, transposeA: true);

    private static Var<double> Write(Var<double>? w, Var<double> o) => w is null ? o : Ops.MatMul(w, o);
}
