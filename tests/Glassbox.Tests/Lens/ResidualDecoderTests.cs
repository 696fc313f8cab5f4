using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Xunit.Abstractions;

namespace Glassbox.Tests.Lens;

public class ResidualDecoderTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void DecodedValuesEqualTheEvaluatorAtEveryLayer(string spec, string vocab)
    {
        var (options, c) = LibraryCases.Compile(spec, vocab);
        var decoder = new ResidualDecoder(c);
        var inputs = Verifier.Exhaustive(options.Vocabulary, 3).Concat(Verifier.Random(options.Vocabulary, 5, 60, seed: 7)).ToList();
        int compared = 0, readings = 0;
        foreach (var input in inputs)
        {
            var d = decoder.Decode(input);
            if (d.ExpectedOutput is null) continue;
            compared++;
            foreach (var r in d.Readings)
            {
                readings++;
                Assert.True(r.Matches, $"{spec} [{string.Join(" ", input)}] {r.Sop} at stage {r.Stage}: decoded [{string.Join(", ", r.Decoded.Select(v => v.Repr()))}], evaluator [{string.Join(", ", r.Expected!.Select(v => v.Repr()))}]");
            }
            // The output s-op is among the decoded ones at the last stage, and equals the model's output.
            var last = d.Readings.Where(r => r.Sop == c.Model.Output.Label).MaxBy(r => r.Stage)!;
            Assert.True(Verifier.Same(last.Decoded, d.Output, c.Model.Output.Numerical));
        }
        output.WriteLine($"{spec}: {decoder.Sops.Count} s-ops in the residual, {compared} inputs, {readings} readings");
        Assert.True(compared > 0);
        Assert.Contains(decoder.Sops, s => s.Label == c.Model.Output.Label);
    }
}
