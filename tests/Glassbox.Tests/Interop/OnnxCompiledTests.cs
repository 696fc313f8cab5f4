using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Xunit.Abstractions;

namespace Glassbox.Tests.Interop;

public class OnnxCompiledTests(ITestOutputHelper output)
{
    /// <summary>A value as the plain object the metadata codec produces.</summary>
    internal static object? Plain(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsLong(),
        ValueKind.Float => v.AsDouble(),
        ValueKind.Bool => v.AsBool(),
        ValueKind.String => v.AsString(),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void OnnxruntimeEqualsEngineOnEveryInputDecodedFromMetadataAlone(string spec, string vocab)
    {
        var (options, c) = LibraryCases.Compile(spec, vocab);
        AssertOnnxEqualsEngine(spec, c.Model, options.Vocabulary);
    }

    [Theory]
    [InlineData("frac_prevs")]
    [InlineData("sort")]
    public void CausalModelsKeepTheirMaskInOnnx(string spec)
    {
        var lib = RaspLibrary.Resolve(spec, LibraryCases.MaxSeqLen);
        var options = new CompileOptions(Value.ParseVocabulary(["1", "2", "3"]), LibraryCases.MaxSeqLen, Causal: true);
        var model = RaspCompiler.Compile(lib.Program, options, spec).Model;
        Assert.True(model.Causal);
        AssertOnnxEqualsEngine(spec + " (causal)", model, options.Vocabulary);
    }

    private void AssertOnnxEqualsEngine(string spec, CompiledModel model, IReadOnlyList<Value> vocabulary)
    {
        var inputs = Verifier.Exhaustive(vocabulary, model.MaxSeqLen).ToList();
        var expected = EngineModel.Run(model, EngineModel.Build(model), inputs);

        using var runner = new OnnxRunner(OnnxExport.Compiled(model));
        var codec = new MetadataCodec(runner.Metadata[OnnxExport.MetadataKey]);
        Assert.Equal(model.ResidualLabels, codec.ResidualLabels);
        var logits = runner.Run(inputs.Select(i => codec.Encode(i.Select(v => v.ToString()))).ToList());

        var mismatches = 0;
        var worst = 0.0;
        for (var s = 0; s < inputs.Count; s++)
        {
            var got = codec.Decode(logits[s]);
            Assert.Equal(expected[s].Count, got.Count);
            for (var p = 0; p < got.Count; p++)
            {
                var want = Plain(expected[s][p]);
                if (model.Output.Numerical)
                {
                    var diff = Math.Abs((double)want! - (double)got[p]!);
                    worst = Math.Max(worst, diff);
                    if (diff > 1e-5) mismatches++;
                }
                else if (!Equals(want, got[p])) mismatches++;
            }
        }
        output.WriteLine($"{spec}: {inputs.Count} inputs, mismatches {mismatches}, worst numerical difference {worst:g3}");
        Assert.Equal(0, mismatches);
    }
}
