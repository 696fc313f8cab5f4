using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

public sealed partial class Transformer<T>
{
    /// <summary>
    /// Forward and backward over a minibatch: the loss is the mean over all targeted positions of −log P[target, t]
    /// (a target of −1 means "no loss here"); parameter gradients are added into <paramref name="grads"/>.
    /// Returns the summed negative log-likelihood and the number of targeted positions.
    /// </summary>
    public (double SumLoss, int Count) Backpropagate(IReadOnlyList<int[]> xs, IReadOnlyList<int[]> targets, Gradients<T> grads,
        IReadOnlyList<int[]>? sources = null)
    {
        var (logits, layout) = Run(xs, sources, null, null);
        var flatTargets = Flatten(targets);
        if (flatTargets.Length != layout.TotalLength) throw new ArgumentException("one target per input position is required");
        int count = flatTargets.Count(t => t >= 0);
        var dLogits = Workspace.Get(this, "dlogits", VocabSize, layout.TotalLength);
        double sum = 0;
        T invCount = T.One / T.CreateChecked(Math.Max(1, count));
        for (int t = 0; t < layout.TotalLength; t++)
        {
            var dcol = dLogits.Column(t);
            int y = flatTargets[t];
            if (y < 0) { dcol.Clear(); continue; }
            if (y >= VocabSize) throw new ArgumentException($"target {y} is outside the vocabulary");
            FastMath.SoftmaxColumns(logits.ColumnRange(t, 1), dLogits.ColumnRange(t, 1));
            sum -= Math.Log(Math.Max(double.CreateChecked(dcol[y]), 1e-300));
            dcol[y] -= T.One;
            TensorPrimitives.Multiply<T>(dcol, invCount, dcol);
        }

        // Unembedding, output head, final norm.
        Kernels.MatMul(dLogits, _lastUnembedInput!, grads.Of(Unembedding), transposeB: true, accumulate: true);
        var d = Workspace.Get(this, "dxu", _lastUnembedInput!.Rows, layout.TotalLength);
        Kernels.MatMul(Unembedding, dLogits, d, transposeA: true);
        if (Head is not null)
        {
            var dIn = Workspace.Get(this, "dhead", _lastHeadInput!.Rows, layout.TotalLength);
            Head.Backward(_lastHeadInput, d, dIn, grads, Workspace);
            d = dIn;
        }
        if (FinalNorm is not null) FinalNorm.Backward(d, d, grads, Workspace);

        // Blocks (and the encoder of an encoder-decoder), then embeddings.
        Tensor<T>? z = null, dz = null;
        SequenceLayout? zLayout = null;
        int[]? sourceIds = null;
        if (Architecture == Architecture.EncoderDecoder)
        {
            sourceIds = Flatten(sources!);
            zLayout = new SequenceLayout(sources!.Select(s => s.Length).ToArray());
            z = EncoderOutput(zLayout.TotalLength);
            dz = Workspace.Get(this, "dz", z.Rows, z.Columns, clear: true);
        }
        Blocks.Backward(d, z, layout, zLayout, dz, grads, Workspace);
        Embedding.Backward(Flatten(xs), layout.Positions(), d, grads);
        if (Architecture == Architecture.EncoderDecoder)
        {
            Encoder!.Backward(dz!, null, zLayout!, null, null, grads, Workspace);
            Embedding.Backward(sourceIds, zLayout!.Positions(), dz!, grads);
        }
        return (sum, count);
    }

    /// <summary>
    /// The paper's training loss for one sequence (Algorithms 11 and 13): −Σ_{t=1}^{ℓ−1} log P[x[t+1], t], a sum
    /// (not a mean). <paramref name="source"/> is z for the encoder-decoder.
    /// </summary>
    public double SequenceLoss(int[] x, int[]? source = null)
    {
        var logits = source is null ? Forward(x) : Forward(source, x);
        Kernels.LogSoftmaxColumns(logits, logits);
        double loss = 0;
        for (int t = 0; t + 1 < x.Length; t++) loss -= double.CreateChecked(logits[x[t + 1], t]);
        return loss;
    }

    private Tensor<T> EncoderOutput(int columns)
    {
        // The encoder's output is the residual view its last block returned during the forward pass.
        var ctx = _encoderOutput ?? throw new InvalidOperationException("no encoder pass recorded");
        return ctx.Columns == columns ? ctx : throw new InvalidOperationException("encoder pass does not match the batch");
    }

    private Tensor<T>? _encoderOutput;
}
