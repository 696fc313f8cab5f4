using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Google.Protobuf;

namespace Glassbox.Tests.Interop;

public class OnnxImportTests
{
    [Theory]
    [InlineData("sort", "1,2,3")]
    [InlineData("frac_prevs", "1,2,3")]
    [InlineData("pair_balance", "(,)")]
    public void AnExportedModelReadsBackAndRunsTheSameOnTheEngine(string spec, string vocab)
    {
        var (options, c) = LibraryCases.Compile(spec, vocab);
        var original = c.Model;
        var back = OnnxImport.ReadCompiled(OnnxExport.Compiled(original), spec + ".onnx");
        Assert.Equal(original.ResidualLabels, back.ResidualLabels);
        Assert.Equal(original.Vocabulary, back.Vocabulary);
        Assert.Equal(original.Output.Values, back.Output.Values);
        Assert.Equal(original.Output.Directions, back.Output.Directions);
        Assert.Equal(original.Layers.Select(l => l.Heads.Select(h => h.Name)), back.Layers.Select(l => l.Heads.Select(h => h.Name)));
        Assert.Equal(original.Layers.Select(l => l.MlpNames), back.Layers.Select(l => l.MlpNames));
        var inputs = Verifier.Exhaustive(options.Vocabulary, LibraryCases.MaxSeqLen).ToList();
        var want = EngineModel.Run(original, EngineModel.Build(original), inputs);
        var got = EngineModel.Run(back, EngineModel.Build(back), inputs);
        for (var i = 0; i < inputs.Count; i++) Assert.True(Verifier.Same(want[i], got[i], original.Output.Numerical), $"input {i}");
    }

    [Fact]
    public void AGraphGlassboxDidNotWriteIsRefusedClearly()
    {
        var model = OnnxExport.CompiledProto(LibraryCases.Compile("length").Compilation.Model);
        model.ProducerName = "pytorch";
        var e = Assert.Throws<UserError>(() => OnnxImport.ReadCompiled(model.ToByteArray(), "foreign.onnx"));
        Assert.Contains("not written by Glassbox", e.Message);
        Assert.Contains("pytorch", e.Message);
    }

    [Fact]
    public void ATrainedModelExportIsNotReadAsACompiledOne()
    {
        var bundle = OnnxTrainedTests.Bundle(OnnxTrainedTests.Config("decoder"));
        var e = Assert.Throws<UserError>(() => OnnxImport.ReadCompiled(OnnxExport.Trained(bundle), "trained.onnx"));
        Assert.Contains("trained model", e.Message);
    }

    [Fact]
    public void AMissingOrMisshapenWeightIsNamed()
    {
        var model = OnnxExport.CompiledProto(LibraryCases.Compile("sort").Compilation.Model);
        var w = model.Graph.Initializer.First(t => t.Name == "blocks.0.mlp.W_in");
        w.Dims[0] += 1;
        var e = Assert.Throws<UserError>(() => OnnxImport.ReadCompiled(model.ToByteArray(), "bent.onnx"));
        Assert.Contains("blocks.0.mlp.W_in", e.Message);
        model.Graph.Initializer.Remove(w);
        e = Assert.Throws<UserError>(() => OnnxImport.ReadCompiled(model.ToByteArray(), "short.onnx"));
        Assert.Contains("missing", e.Message);
    }
}
