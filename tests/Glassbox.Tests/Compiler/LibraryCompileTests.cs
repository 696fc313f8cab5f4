using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Xunit.Abstractions;

namespace Glassbox.Tests.Compiler;

public class LibraryCompileTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void EngineModelMatchesEvaluatorExhaustively(string spec, string vocab)
    {
        var (options, c) = LibraryCases.Compile(spec, vocab);
        var engine = EngineModel.Build(c.Model);
        var r = Verifier.Verify(c, Verifier.Exhaustive(options.Vocabulary, 5), batch => EngineModel.Run(c.Model, engine, batch));
        output.WriteLine($"{spec}: layers {c.Model.LayerCount} resid {c.Model.ResidualDim} compared {r.Compared} undefined {r.Undefined} mismatches {r.Mismatches}");
        output.WriteLine(string.Join(" ", c.Model.ResidualLabels));
        foreach (var e in r.Examples) output.WriteLine(e);
        Assert.Equal(0, r.Mismatches);
        Assert.True(r.Compared > 0);
    }

    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void Float32EngineModelMatchesEvaluatorExhaustively(string spec, string vocab)
    {
        var (options, c) = LibraryCases.Compile(spec, vocab);
        var engine = EngineModel.Build<float>(c.Model);
        var r = Verifier.Verify(c, Verifier.Exhaustive(options.Vocabulary, 5), batch => EngineModel.Run(c.Model, engine, batch));
        output.WriteLine($"{spec} float32: compared {r.Compared} undefined {r.Undefined} mismatches {r.Mismatches}");
        foreach (var e in r.Examples) output.WriteLine(e);
        Assert.Equal(0, r.Mismatches);
        Assert.True(r.Compared > 0);
    }

    [Theory]
    [InlineData("sort_unique")]
    [InlineData("shift_by")]
    public void VerificationReusesTheValidatorsEvaluationsExactly(string spec)
    {
        var (options, c) = LibraryCases.Compile(spec);
        var known = c.Coverage.Outputs!;
        var inputs = Verifier.Exhaustive(options.Vocabulary, 5).ToList();
        Assert.Equal(inputs.Count, known.Count);
        var evaluator = new RaspEvaluator(c.Options.Semantics, c.Options.Causal);
        foreach (var input in inputs)
        {
            IReadOnlyList<Value>? fresh;
            try { fresh = evaluator.Evaluate(c.Program, input); }
            catch (RaspError) { fresh = null; }
            var cached = known[input];
            Assert.Equal(fresh is null, cached is null);
            if (fresh is not null) Assert.True(fresh.Zip(cached!).All(p => p.First.IdenticalTo(p.Second)), $"[{string.Join(" ", input)}]");
        }
    }
}
