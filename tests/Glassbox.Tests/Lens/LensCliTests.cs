using System.CommandLine;
using System.Text.Json;
using Glassbox.Cli;

namespace Glassbox.Tests.Lens;

public class LensCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void DecodeJsonMatchesTheEvaluator()
    {
        var (code, stdout, stderr) = Run("lens", "decode", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "5", "--input", "3 1 2", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("all_match").GetBoolean());
        Assert.Equal(["1", "2", "3"], doc.RootElement.GetProperty("output").EnumerateArray().Select(x => x.GetString()!).ToArray());
        Assert.True(doc.RootElement.GetProperty("stages").GetArrayLength() >= 3);
    }

    [Fact]
    public void DecodeTextAndModelFile()
    {
        var (code, stdout, _) = Run("lens", "decode", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "4", "--input", "1 2 3");
        Assert.Equal(0, code);
        Assert.Contains("evaluator", stdout);
        Assert.DoesNotContain("MISMATCH", stdout);
        var path = Path.Combine(Path.GetTempPath(), $"lens-test-{Environment.ProcessId}.gbx.json");
        try
        {
            Assert.Equal(0, Run("compile", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "4", "-o", path).Code);
            var (c2, o2, e2) = Run("lens", "decode", path, "--input", "1 2 3", "--json");
            Assert.True(c2 == 0, e2);
            using var doc = JsonDocument.Parse(o2);
            Assert.Equal(["3", "2", "1"], doc.RootElement.GetProperty("output").EnumerateArray().Select(x => x.GetString()!).ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void DecodeAScriptSop()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lens-test-{Environment.ProcessId}.rasp");
        File.WriteAllText(path, "same = aggregate(select(indices, indices, ==), tokens);\n");
        try
        {
            var (code, stdout, stderr) = Run("lens", "decode", path, "--sop", "same", "--vocab", "1,2,3", "--max-seq-len", "4", "--input", "2 3 1", "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.True(doc.RootElement.GetProperty("all_match").GetBoolean());
            Assert.Equal(["2", "3", "1"], doc.RootElement.GetProperty("output").EnumerateArray().Select(x => x.GetString()!).ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CircuitsAndHeadsJson()
    {
        var (code, stdout, stderr) = Run("lens", "circuits", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "5", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var heads = doc.RootElement.GetProperty("heads");
            Assert.True(heads.GetArrayLength() >= 2);
            Assert.True(heads[0].GetProperty("qk_rank").GetInt32() >= 1);
        }
        (code, stdout, stderr) = Run("lens", "heads", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "6", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            foreach (var h in doc.RootElement.GetProperty("heads").EnumerateArray())
                Assert.InRange(h.GetProperty("induction").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public void UserErrorsExitWithOne()
    {
        Assert.Equal(1, Run("lens", "decode", "--lib", "sort", "--vocab", "1,2,3", "--input", "1 2").Code);          // no --max-seq-len
        Assert.Equal(1, Run("lens", "decode", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "3", "--input", "1 2 9").Code);
        Assert.Equal(1, Run("lens", "decode", "no-such-model.gbx.json", "--input", "1").Code);
        Assert.Equal(1, Run("lens", "induction", "--layers", "0", "--png", "none").Code);
    }

    [Fact]
    public void InductionCommandRunsAndPrintsTheContractKeys()
    {
        var png = Path.Combine(Path.GetTempPath(), $"lens-induction-{Environment.ProcessId}.png");
        try
        {
            var (code, stdout, stderr) = Run("lens", "induction", "--layers", "2", "--steps", "2", "--d-model", "8", "--heads", "2", "--vocab-size", "6",
                "--context", "11", "--batch", "2", "--eval-length", "4", "--png", png, "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            foreach (var key in new[] { "layers", "max_induction_score", "induction_heads", "prev_token_heads", "loss_first_half", "loss_second_half", "seconds" })
                Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
            Assert.Equal(2, doc.RootElement.GetProperty("layers").GetInt32());
            Assert.True(File.Exists(png) && new FileInfo(png).Length > 1000);
        }
        finally { File.Delete(png); }
    }
}
