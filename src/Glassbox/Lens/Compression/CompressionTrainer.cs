using System.Diagnostics;
using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Tensors;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Lens.Compression;

/// <summary>How to learn a projection.</summary>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Peak learning rate (cosine decay to <paramref name="FinalLearningRate"/> times it).</param>
/// <param name="BatchSize">Sequences per minibatch.</param>
/// <param name="Seed">Seeds the order of the inputs in the minibatches.</param>
/// <param name="OutputWeight">Weight of the output term against the block-output term.</param>
/// <param name="PatternWeight">Weight of the attention-pattern term.</param>
/// <param name="FinalLearningRate">The learning rate at the last step, as a fraction of the peak. Adam's steps have
/// the learning rate's size whatever the gradient's, and an attention tie broken by 10⁻³ in score shifts a mean by
/// several per cent at coldness 100, so the rate must end small.</param>
public sealed record CompressionOptions(int Steps = 3000, double LearningRate = 0.03, int BatchSize = 16, int Seed = 1,
    double OutputWeight = 100, double PatternWeight = 1, double FinalLearningRate = 1e-3)
{
    /// <summary>Refuses options that cannot train.</summary>
    public void Check()
    {
        if (Steps < 0) throw new UserError($"--steps must be 0 or more, not {Steps}");
        if (BatchSize < 1) throw new UserError($"the batch size must be at least 1, not {BatchSize}");
        if (!(LearningRate > 0)) throw new UserError($"the learning rate must be positive, not {LearningRate}");
    }
}

/// <summary>A learned compression.</summary>
/// <param name="Compressed">The compressed model (W and the frozen compiled weights).</param>
/// <param name="Loss">The loss per token of <paramref name="Compressed"/> over all training inputs.</param>
/// <param name="Losses">The minibatch loss every few steps (first and last included).</param>
/// <param name="Seconds">Wall time of the training.</param>
public sealed record CompressionResult(CompressedModel Compressed, double Loss, IReadOnlyList<(int Step, double Loss)> Losses, double Seconds);

/// <summary>
/// Learns the projection W (d×D) of Tracr §5 with the engine's autograd and Adam; the compiled weights stay frozen.
/// The loss, on the compiled model's own inputs, compares the compressed model with the uncompressed one in the
/// compiled basis: Σ over blocks of the squared error of each block's output (Tracr's layer outputs: the s-op
/// values each head and MLP writes), plus the squared error of the readout, plus the cross-entropy of every head's
/// attention pattern against the uncompressed one (the compiled attention is a softmax with coldness 100: through
/// the values alone the gradient vanishes except at ties, while the cross-entropy keeps pulling selected keys to an
/// exact tie and the others below, whatever the per-query offset). W starts at the top-d
/// principal directions of the uncompressed residual stream (not perturbed: compiled MLPs and attention are so sharp
/// that noise of 10⁻³ in W already breaks them); at d = D that start is an orthogonal change of basis, exactly
/// lossless, and is kept without training.
/// </summary>
public static class CompressionTrainer
{
    /// <summary>Learns a d-dimensional compression of <paramref name="model"/> on <paramref name="inputs"/>.</summary>
    public static CompressionResult Train(CompiledModel model, IReadOnlyList<IReadOnlyList<Value>> inputs, int dim, CompressionOptions options)
    {
        options.Check();
        if (dim < 1 || dim > model.ResidualDim)
            throw new UserError($"--dim must be between 1 and the residual width {model.ResidualDim}, not {dim}");
        if (inputs.Count == 0) throw new ArgumentException("no inputs to train on");
        var clock = Stopwatch.StartNew();
        var forward = new CompressionForward(model);
        var rng = new Random(options.Seed);
        var order = inputs.Select(model.Encode).OrderBy(_ => rng.Next()).ToList();
        var batches = new List<(CompressionBatch Batch, CompressionTrace Target)>();
        for (var start = 0; start < order.Count; start += options.BatchSize)
        {
            var batch = new CompressionBatch(model, order.Skip(start).Take(options.BatchSize).ToList());
            batches.Add((batch, forward.Run(batch, null)));
        }

        var w = new Parameter<double>(InitialProjection(model, batches.Select(b => b.Target), dim), "W");
        // Keep the best projection seen (by the loss over all inputs, at the start and every tenth of the run). A start
        // that is already lossless (always at full width, an orthogonal change of basis; or when the dropped
        // directions are never used) is kept without training: Adam, whose steps have the learning rate's size
        // whatever the gradient's, could only move it away.
        var best = (Loss: FullLoss(forward, batches, w.Value, options), W: w.Value.Clone());
        var steps = best.Loss <= 1e-20 ? 0 : options.Steps;
        var checkpoint = Math.Max(1, steps / 10);
        var adam = new Adam<double>([("W", w.Value)], beta1: 0.9, beta2: 0.99, clipNorm: 0);
        var grads = new Gradients<double>();
        var losses = new List<(int, double)>();
        var every = Math.Max(1, options.Steps / 100);
        for (var step = 0; step < steps; step++)
        {
            var (batch, target) = batches[step % batches.Count];
            double value;
            using (var tape = new Tape<double>())
            {
                var loss = Loss(forward.Run(batch, w), target, batch, options);
                tape.Backward(loss);
                value = loss.Value.Scalar();
            }
            if (step % every == 0 || step == steps - 1) losses.Add((step, value));
            grads.Clear();
            w.Gradient.CopyTo(grads.Of(w.Value));
            w.ZeroGrad();
            var progress = steps <= 1 ? 1.0 : (double)step / (steps - 1);
            var floor = options.FinalLearningRate;
            adam.Step(grads, options.LearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
            if ((step + 1) % checkpoint == 0 || step == steps - 1)
            {
                var full = FullLoss(forward, batches, w.Value, options);
                if (full < best.Loss) best = (full, w.Value.Clone());
            }
        }
        return new CompressionResult(new CompressedModel(model, best.W.ToArray()), best.Loss, losses, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The loss per token over every minibatch (no gradient).</summary>
    private static double FullLoss(CompressionForward forward, List<(CompressionBatch Batch, CompressionTrace Target)> batches,
        Tensor<double> w, CompressionOptions options)
    {
        double sum = 0;
        var columns = 0;
        foreach (var (batch, target) in batches)
        {
            sum += Loss(forward.Run(batch, w), target, batch, options).Value.Scalar() * batch.Columns;
            columns += batch.Columns;
        }
        // The pattern term is a KL divergence, ≥ 0; rounding can leave it at −10⁻¹⁶ for a perfect start.
        return Math.Max(0, sum / columns);
    }

    /// <summary>
    /// The training loss of one minibatch: per token, Σ over blocks ‖o − o*‖² + OutputWeight·‖y − y*‖² +
    /// PatternWeight·Σ over heads of KL(A*[:, token] ‖ A[:, token]).
    /// </summary>
    public static Var<double> Loss(CompressionTrace got, CompressionTrace target, CompressionBatch batch, CompressionOptions options)
    {
        var perToken = 1.0 / batch.Columns;
        Var<double> total = Ops.Scale(SquaredError(got.Readout, target.Readout), options.OutputWeight * perToken);
        for (var i = 0; i < got.BlockOutputs.Count; i++)
            total = Ops.Add(total, Ops.Scale(SquaredError(got.BlockOutputs[i], target.BlockOutputs[i]), perToken));
        if (options.PatternWeight > 0)
            for (var i = 0; i < got.Patterns.Count; i++)
            {
                var targetPattern = target.Patterns[i].Value.Clone();
                System.Numerics.Tensors.TensorPrimitives.Exp<double>(targetPattern.Span, targetPattern.Span);
                // KL(A* ‖ A) = Σ A* log A* − Σ A* log A: the first sum is a constant that makes a perfect pattern score 0.
                double entropy = 0;
                var logTarget = target.Patterns[i].Value.Span;
                var p = targetPattern.Span;
                for (var j = 0; j < p.Length; j++) if (p[j] > 0) entropy += p[j] * logTarget[j];
                var crossEntropy = Ops.Scale(Ops.Sum(Ops.Multiply(got.Patterns[i], targetPattern)), -1.0);
                var kl = Ops.Add(crossEntropy, Tensor<double>.FromScalar(entropy));
                total = Ops.Add(total, Ops.Scale(kl, options.PatternWeight * perToken));
            }
        return total;
    }

    private static Var<double> SquaredError(Var<double> got, Var<double> target)
    {
        var diff = Ops.Subtract(got, target);
        return Ops.Sum(Ops.Multiply(diff, diff));
    }

    /// <summary>The top-d principal directions (uncentred) of the uncompressed residual stream at every stage, as rows.</summary>
    private static Tensor<double> InitialProjection(CompiledModel model, IEnumerable<CompressionTrace> targets, int dim)
    {
        var n = model.ResidualDim;
        var moment = new Tensor<double>(n, n);
        foreach (var trace in targets)
            foreach (var r in trace.Residuals)
                Kernels.MatMul(r.Value, r.Value, moment, transposeB: true, accumulate: true);
        var svd = LinearAlgebra.JacobiSvd(moment.ToArray());
        var w = new Tensor<double>(dim, n);
        for (var i = 0; i < dim; i++)
            for (var j = 0; j < n; j++)
                w[i, j] = svd.V[j, i];
        return w;
    }
}
