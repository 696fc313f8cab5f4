using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Xunit.Abstractions;

namespace Glassbox.Tests.Compiler;

public class LibraryCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Programs => new()
    {
        { "length", "1,2,3" }, { "reverse", "1,2,3" }, { "hist", "1,2,3" }, { "sort_unique", "1,2,3" }, { "sort", "1,2,3" },
        { "sort_freq", "1,2,3" }, { "frac_prevs", "1,2,3" }, { "shift_by", "1,2,3" }, { "detect_pattern", "1,2,3" },
        { "count_less_freq", "1,2,3" }, { "count", "1,2,3" }, { "pair_balance", "(,)" }, { "shuffle_dyck2", "(,),{,}" },
        { "nary_sequencemap", "1,2,3" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void EngineModelMatchesEvaluatorExhaustively(string spec, string vocab)
    {
        var lib = RaspLibrary.Resolve(spec, 5);
        var options = new CompileOptions(Value.ParseVocabulary(vocab.Split(',')), 5);
        var c = RaspCompiler.Compile(lib.Program, options, spec);
        var engine = EngineModel.Build(c.Model);
        var r = Verifier.Verify(c, Verifier.Exhaustive(options.Vocabulary, 5), batch => EngineModel.Run(c.Model, engine, batch));
        output.WriteLine($"{spec}: layers {c.Model.LayerCount} resid {c.Model.ResidualDim} compared {r.Compared} undefined {r.Undefined} mismatches {r.Mismatches}");
        output.WriteLine(string.Join(" ", c.Model.ResidualLabels));
        foreach (var e in r.Examples) output.WriteLine(e);
        Assert.Equal(0, r.Mismatches);
        Assert.True(r.Compared > 0);
    }
}
