using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Lens.Compression;
using Glassbox.Rasp.Library;
using Glassbox.Tensors;
using Value = Glassbox.Rasp.Value;

namespace Glassbox.Tests.Lens.Compression;

public class CompressedModelTests
{
    /// <summary>A small compiled model: frac_prevs over {1, 2}, inputs up to 3 long (residual width 7).</summary>
    internal static Compilation Small(string name = "frac_prevs", int maxLen = 3)
    {
        var entry = RaspLibrary.Resolve(name, maxLen);
        return RaspCompiler.Compile(entry.Program, new CompileOptions(Value.ParseVocabulary(["1", "2"]), maxLen, false, entry.Semantics), name);
    }

    internal static double[,] RandomMatrix(int rows, int columns, int seed, double scale)
    {
        var rng = new Random(seed);
        var m = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) m[i, j] = scale * (2 * rng.NextDouble() - 1);
        return m;
    }

    private static List<int[]> Encoded(CompiledModel model) =>
        Verifier.Exhaustive(model.Vocabulary, model.MaxSeqLen).Select(model.Encode).ToList();

    [Theory]
    [InlineData("frac_prevs")]
    [InlineData("sort_unique")]
    [InlineData("reverse")]
    public void IdentityProjectionIsTheUncompressedModel(string name)
    {
        var model = Small(name).Model;
        var inputs = Encoded(model);
        var full = EngineModel.Build(model).ForwardBatch(inputs);
        var compressed = CompressedModel.Identity(model).ToEngine().ForwardBatch(inputs);
        for (var i = 0; i < inputs.Count; i++) Assert.True(full[i].ContentEquals(compressed[i]), $"input {i}");
    }

    [Theory]
    [InlineData("frac_prevs", 3)]
    [InlineData("sort_unique", 4)]
    [InlineData("reverse", 5)]
    public void OrthogonalFullWidthProjectionComputesTheSameOutputs(string name, int seed)
    {
        var model = Small(name).Model;
        var q = LinearAlgebra.ThinQr(RandomMatrix(model.ResidualDim, model.ResidualDim, seed, 1)).Q;
        var inputs = Encoded(model);
        var full = EngineModel.Build(model).ForwardBatch(inputs);
        var rotated = new CompressedModel(model, q).ToEngine().ForwardBatch(inputs);
        for (var i = 0; i < inputs.Count; i++)
            Assert.True(full[i].MaxAbsDifference(rotated[i]) < 1e-9, $"input {i}: {full[i].MaxAbsDifference(rotated[i])}");
        var decoded = Verifier.Exhaustive(model.Vocabulary, model.MaxSeqLen).ToList();
        var expected = EngineModel.Run(model, EngineModel.Build(model), decoded);
        var got = new CompressedModel(model, q).Run(decoded);
        for (var i = 0; i < decoded.Count; i++) Assert.True(Verifier.Same(expected[i], got[i], model.Output.Numerical), $"input {i}");
    }

    [Fact]
    public void TrainingForwardEqualsTheFoldedEngineModel()
    {
        var model = Small("sort_unique").Model;
        var w = RandomMatrix(model.ResidualDim - 3, model.ResidualDim, 7, 0.4);
        var inputs = Encoded(model).Take(20).ToList();
        var engine = new CompressedModel(model, w).ToEngine().ForwardBatch(inputs);
        var trace = new CompressionForward(model).Run(new CompressionBatch(model, inputs), Tensor<double>.FromArray(w));
        var column = 0;
        for (var s = 0; s < inputs.Count; s++)
            for (var p = 0; p < inputs[s].Length; p++, column++)
                for (var o = 0; o < model.Output.Directions.Count; o++)
                    Assert.Equal(engine[s][o, p], trace.Readout.Value[o, column], 9);
        Assert.Equal(column, trace.Readout.Columns);
    }

    [Fact]
    public void ProjectionMustReadTheResidualWidth()
    {
        var model = Small().Model;
        Assert.Throws<ArgumentException>(() => new CompressedModel(model, new double[2, model.ResidualDim + 1]));
        Assert.Equal(model.ResidualDim, CompressedModel.Identity(model).Dim);
        var gram = new CompressedModel(model, RandomMatrix(3, model.ResidualDim, 1, 1)).Gram();
        Assert.Equal(gram[1, 2], gram[2, 1], 12);
    }
}
