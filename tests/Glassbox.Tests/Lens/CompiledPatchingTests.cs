using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Xunit.Abstractions;

namespace Glassbox.Tests.Lens;

public class CompiledPatchingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("reverse")]
    [InlineData("sort")]
    [InlineData("hist")]
    [InlineData("sort_freq")]
    [InlineData("count_less_freq")]
    public void PatchingAnSopDirectionChangesTheOutputAsTheEvaluatorPredicts(string spec)
    {
        var (options, c) = LibraryCases.Compile(spec);
        var decoder = new ResidualDecoder(c);
        var targets = decoder.Sops.Where(s => !s.Numerical && s.FirstStage >= 0 && s.Label != c.Model.Output.Label).ToList();
        if (targets.Count == 0) targets = decoder.Sops.Where(s => !s.Numerical && s.FirstStage >= 0).ToList();
        Assert.NotEmpty(targets);
        var rng = new Random(3);
        int checkedCases = 0, changed = 0;
        foreach (var input in Verifier.Random(options.Vocabulary, 5, 40, seed: 11))
        {
            foreach (var sop in targets)
            {
                int p = rng.Next(input.Count);
                var value = sop.Values[rng.Next(sop.Values.Count)];
                IReadOnlyList<Value> expected;
                try { expected = CompiledPatching.EvaluatePatched(c.Program, sop.Node!, input, p, value); }
                catch (RaspError) { continue; }
                var got = CompiledPatching.RunPatched(decoder, sop, input, p, value);
                Assert.True(Verifier.Same(expected, got, c.Model.Output.Numerical),
                    $"{spec} [{string.Join(" ", input)}] {sop.Label}[{p}] := {value.Repr()}: evaluator [{string.Join(", ", expected.Select(v => v.Repr()))}], model [{string.Join(", ", got.Select(v => v.Repr()))}]");
                checkedCases++;
                try { if (!Verifier.Same(expected, RaspEvaluator.Evaluate(c.Program, input, AggregateSemantics.Tracr), false)) changed++; }
                catch (RaspError) { changed++; }
            }
        }
        output.WriteLine($"{spec}: {targets.Count} patchable s-ops ({string.Join(", ", targets.Select(t => t.Label))}), {checkedCases} patches checked, {changed} changed the output");
        Assert.True(checkedCases >= 20);
        Assert.True(changed > 0, "some patch must change the output");
    }
}
