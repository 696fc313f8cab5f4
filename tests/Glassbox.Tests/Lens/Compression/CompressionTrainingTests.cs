using Glassbox.Lens.Compression;
using Glassbox.Tensors;

namespace Glassbox.Tests.Lens.Compression;

public class CompressionTrainingTests
{
    [Fact]
    public void LossGradientMatchesFiniteDifferences()
    {
        var model = CompressedModelTests.Small("sort_unique").Model;
        var forward = new CompressionForward(model);
        var inputs = Glassbox.Compiler.Verifier.Exhaustive(model.Vocabulary, model.MaxSeqLen).Take(12).Select(model.Encode).ToList();
        var batch = new CompressionBatch(model, inputs);
        var target = forward.Run(batch, null);
        var options = new CompressionOptions();
        // A slightly perturbed identity keeps the coldness-100 softmax away from saturation plateaus and ties.
        var start = CompressedModelTests.RandomMatrix(model.ResidualDim, model.ResidualDim, 11, 0.05);
        for (var i = 0; i < model.ResidualDim; i++) start[i, i] += 1;
        var w = new Parameter<double>(Tensor<double>.FromArray(start), "W");
        using (var tape = new Tape<double>()) tape.Backward(CompressionTrainer.Loss(forward.Run(batch, w), target, batch, options));
        double LossAt(double[,] m) => CompressionTrainer.Loss(forward.Run(batch, Tensor<double>.FromArray(m)), target, batch, options).Value.Scalar();

        var rng = new Random(3);
        for (var k = 0; k < 12; k++)
        {
            int i = rng.Next(model.ResidualDim), j = rng.Next(model.ResidualDim);
            const double h = 1e-6;
            var plus = (double[,])start.Clone();
            var minus = (double[,])start.Clone();
            plus[i, j] += h;
            minus[i, j] -= h;
            var numeric = (LossAt(plus) - LossAt(minus)) / (2 * h);
            var analytic = w.Gradient[i, j];
            Assert.True(Math.Abs(numeric - analytic) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"W[{i},{j}]: analytic {analytic}, numeric {numeric}");
        }
    }

    [Fact]
    public void FullWidthIsAnExactChangeOfBasis()
    {
        var c = CompressedModelTests.Small();
        var reference = CompressionReference.FromEvaluator(c);
        var point = CompressionSweep.Measure(c.Model, reference, c.Model.ResidualDim, new CompressionOptions(Steps: 3));
        Assert.Equal(1.0, point.Accuracy);
        var w = point.Result.Compressed.Projection;
        var gram = point.Result.Compressed.Gram();
        for (var i = 0; i < c.Model.ResidualDim; i++)
            for (var j = 0; j < c.Model.ResidualDim; j++) Assert.Equal(i == j ? 1 : 0, gram[i, j], 9);
        Assert.Equal(c.Model.ResidualDim, w.GetLength(0));
    }

    [Fact]
    public void ShortTrainingCompressesATinyProgram()
    {
        // frac_prevs over {1, 2} up to length 3 has a residual of 7 (one, bos, tokens:1, three indices, frac_prevs).
        var c = CompressedModelTests.Small();
        var reference = CompressionReference.FromEvaluator(c);
        var untrained = CompressionSweep.Measure(c.Model, reference, 5, new CompressionOptions(Steps: 0));
        var trained = CompressionSweep.Measure(c.Model, reference, 5, new CompressionOptions(Steps: 300));
        Assert.True(untrained.Accuracy < 0.5, $"the principal directions alone already reach {untrained.Accuracy}");
        Assert.True(trained.Accuracy >= 0.9, $"accuracy {trained.Accuracy} after 300 steps");
        Assert.True(trained.Result.Loss < untrained.Result.Loss / 10, $"loss {trained.Result.Loss} from {untrained.Result.Loss}");
    }

    [Fact]
    public void SameSeedGivesTheSameProjection()
    {
        var c = CompressedModelTests.Small();
        var reference = CompressionReference.FromEvaluator(c);
        var options = new CompressionOptions(Steps: 5, Seed: 4);
        var a = CompressionTrainer.Train(c.Model, reference.Inputs, 4, options).Compressed.Projection;
        var b = CompressionTrainer.Train(c.Model, reference.Inputs, 4, options).Compressed.Projection;
        Assert.Equal(a.GetLength(0), b.GetLength(0));
        // Equal to rounding: the engine's SIMD sums may round differently from one run to the next (their blocking
        // follows the memory alignment of the buffers), and 5 Adam steps carry that into the last digits.
        foreach (var (x, y) in a.Cast<double>().Zip(b.Cast<double>())) Assert.Equal(x, y, 8);
        var other = CompressionTrainer.Train(c.Model, reference.Inputs, 4, options with { Seed = 5 }).Compressed.Projection;
        Assert.NotEqual(a[0, 0], other[0, 0]);
    }

    [Fact]
    public void ReferenceLeavesOutInputsOutsideTheDomain()
    {
        var c = CompressedModelTests.Small("sort_unique");
        var reference = CompressionReference.FromEvaluator(c);
        // sort_unique is defined on distinct tokens only: over {1, 2} up to length 3 that is 1, 2, 12, 21.
        Assert.Equal(4, reference.Inputs.Count);
        Assert.Equal("evaluator", reference.Oracle);
        Assert.True(reference.Exhaustive);
        Assert.Equal(1.0, reference.Accuracy(reference.Expected));
    }

    [Fact]
    public void NumericalOutputsMatchWithinTheTolerance()
    {
        Glassbox.Rasp.Value[] expected = [0.5, 0.25];
        Assert.True(CompressionReference.Matches(expected, [0.51, 0.24], numerical: true));
        Assert.False(CompressionReference.Matches(expected, [0.53, 0.25], numerical: true));
        Assert.False(CompressionReference.Matches(expected, [0.5, Glassbox.Rasp.Value.None], numerical: true));
        Assert.False(CompressionReference.Matches([1], [2], numerical: false));
        Assert.False(CompressionReference.Matches(expected, [double.NaN, 0.25], numerical: true));   // NaN is never close
    }

    [Fact]
    public void TheSmallestLosslessWidthIsTheNarrowestPointAtTheTarget()
    {
        CompressionPoint Point(int dim, double accuracy) => new(dim, accuracy, 0, 0, null!);
        Assert.Equal(6, CompressionSweep.Smallest([Point(9, 1), Point(7, 1), Point(6, 0.995), Point(5, 0.48)]).Dim);
        Assert.Equal(9, CompressionSweep.Smallest([Point(9, 0.9), Point(8, 0.5)]).Dim);   // none lossless: the first point
    }
}
