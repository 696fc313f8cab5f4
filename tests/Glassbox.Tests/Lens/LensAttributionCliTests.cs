using System.Text.Json;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;

namespace Glassbox.Tests.Lens;

/// <summary><c>lens attribution</c>, <c>lens logit-lens</c> and <c>lens patch</c> on compiled programs, checked against the evaluator.</summary>
public class LensAttributionCliTests
{
    private static readonly string[] Reverse = ["--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "4"];

    private static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Fact]
    public void AttributionSumsToTheLogitAndNamesTheHeadThatComputesTheOutput()
    {
        var root = Json(["lens", "attribution", .. Reverse, "--input", "1 3 2", "--json"]);
        var positions = root.GetProperty("positions").EnumerateArray().ToList();
        Assert.Equal(["2", "3", "1"], positions.Select(p => p.GetProperty("prediction").GetString()!).ToArray());
        foreach (var p in positions)
        {
            var parts = p.GetProperty("contributions").EnumerateArray().ToList();
            Assert.Equal(p.GetProperty("logit").GetDouble(), parts.Sum(c => c.GetProperty("value").GetDouble()), 3);
            var top = parts.MaxBy(c => c.GetProperty("value").GetDouble());
            Assert.Equal("reverse", top.GetProperty("computes").GetString());
        }
        var (code, stdout, _) = CliHarness.Run(["lens", "attribution", .. Reverse, "--input", "1 3 2", "--position", "1", "--target", "1"]);
        Assert.Equal(0, code);
        Assert.Contains("logit of 1", stdout);
        Assert.Equal(1, CliHarness.Run(["lens", "attribution", .. Reverse, "--input", "1 3 2", "--position", "3"]).Code);
        Assert.Equal(1, CliHarness.Run(["lens", "attribution", .. Reverse, "--input", "1 3 2", "--target", "7"]).Code);
    }

    [Fact]
    public void LogitLensEndsWithTheEvaluatorsOutput()
    {
        var root = Json("lens", "logit-lens", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "5", "--input", "3 1 2", "--json");
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(4, layers.Count);                        // embeddings + 3 layers
        Assert.Equal(["1", "2", "3"], Strings(layers[^1].GetProperty("predictions")));
        Assert.Equal(["None", "None", "None"], Strings(layers[0].GetProperty("predictions")));   // nothing written to the output yet
    }

    [Fact]
    public void PatchingTheEmbeddingsChangesTheOutputAsTheEvaluatorPredicts()
    {
        // Patching all of blocks.0.hook_resid_pre reproduces the source run; patching one position swaps one token.
        var whole = Json(["lens", "patch", .. Reverse, "--input", "1 2 3", "--source", "3 3 1", "--hook", "blocks.0.hook_resid_pre", "--json"]);
        Assert.Equal(Strings(whole.GetProperty("source_output")), Strings(whole.GetProperty("patched_output")));
        var random = new Random(5);
        var program = RaspLibrary.Resolve("reverse", 4).Program;
        for (int trial = 0; trial < 6; trial++)
        {
            int n = random.Next(2, 5), p = random.Next(n);
            var input = Enumerable.Range(0, n).Select(_ => random.Next(1, 4)).ToArray();
            var source = Enumerable.Range(0, n).Select(_ => random.Next(1, 4)).ToArray();
            var one = Json(["lens", "patch", .. Reverse, "--input", string.Join(" ", input), "--source", string.Join(" ", source),
                "--hook", "blocks.0.hook_resid_pre", "--position", p.ToString(), "--json"]);
            var swapped = input.ToArray();
            swapped[p] = source[p];
            var expected = RaspEvaluator.Evaluate(program, swapped.Select(v => Value.Int(v)).ToList(), AggregateSemantics.Tracr).Select(v => v.ToString()).ToArray();
            Assert.Equal(expected, Strings(one.GetProperty("patched_output")));
        }
        Assert.Equal(1, CliHarness.Run(["lens", "patch", .. Reverse, "--input", "1 2", "--source", "1 2 3", "--hook", "blocks.0.hook_resid_pre"]).Code);
        Assert.Equal(1, CliHarness.Run(["lens", "patch", .. Reverse, "--input", "1 2", "--source", "2 1", "--hook", "blocks.9.hook_resid_pre"]).Code);
        Assert.Equal(1, CliHarness.Run(["lens", "patch", .. Reverse, "--input", "1 2", "--source", "2 1", "--hook", "blocks.0.attn.hook_z"]).Code);
    }
}
