using System.Text.Json;
using Glassbox.Cli;
using Glassbox.Compiler;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Compiler.CompilerTestKit;

namespace Glassbox.Tests.Compiler;

public class CompileCliTests
{
    private static (int Code, string Out, string Err) Glassbox(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void CompileJsonHasEveryFieldAndVerifies()
    {
        var (code, stdout, err) = Glassbox("compile", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5", "--verify", "exhaustive", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        foreach (var key in new[] { "layers", "heads", "total_heads", "residual_dim", "mlp_hidden", "nonzero_params", "verified_inputs", "mismatches", "compile_ms" })
            Assert.True(r.TryGetProperty(key, out _), key);
        Assert.Equal(363, r.GetProperty("verified_inputs").GetInt32());
        Assert.Equal(0, r.GetProperty("mismatches").GetInt32());
        Assert.Equal(2, r.GetProperty("layers").GetInt32());
    }

    [Fact]
    public void ReportNamesEveryBlockAndResidualLabel()
    {
        var (code, stdout, err) = Glassbox("compile", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5", "--report");
        Assert.True(code == 0, err);
        Assert.Contains("layer 0", stdout);
        Assert.Contains("head  length_attn", stdout);
        Assert.Contains("mlp   opp_idx-1", stdout);
        Assert.Contains("fuses", stdout);
        Assert.Contains("reverse:3", stdout);
    }

    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void ReportCountsTheHiddenUnitsTheModelKeeps(string spec, string vocab)
    {
        {
            var (_, compilation) = LibraryCases.Compile(spec, vocab);
            var report = Diagnostics.Report(compilation);
            var stated = System.Text.RegularExpressions.Regex.Matches(report, @"^  mlp .*?  (\d+) hidden", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(compilation.Model.Layers.Sum(l => l.Hidden), stated);
        }
    }

    [Fact]
    public void SavedModelRoundTripsExactlyAndRuns()
    {
        var dir = Directory.CreateTempSubdirectory("gbx");
        try
        {
            var path = Path.Combine(dir.FullName, "sort.gbx.json");
            var (code, _, err) = Glassbox("compile", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", path);
            Assert.True(code == 0, err);
            var loaded = ModelFile.Load(path);
            var c = Compile(TracrLibrary.MakeSort(global::Glassbox.Rasp.Rasp.Tokens, global::Glassbox.Rasp.Rasp.Tokens, 5, 1), Vocab(1, 2, 3), 5);
            Assert.Equal(c.Model.ResidualLabels, loaded.ResidualLabels);
            Assert.Equal(c.Model.Layers.Count, loaded.Layers.Count);
            for (var l = 0; l < loaded.Layers.Count; l++)
            {
                Assert.Equal(c.Model.Layers[l].W1, loaded.Layers[l].W1);
                Assert.Equal(c.Model.Layers[l].W2, loaded.Layers[l].W2);
                for (var h = 0; h < loaded.Layers[l].Heads.Count; h++)
                {
                    Assert.Equal(c.Model.Layers[l].Heads[h].Wq, loaded.Layers[l].Heads[h].Wq);
                    Assert.Equal(c.Model.Layers[l].Heads[h].Wv, loaded.Layers[l].Heads[h].Wv);
                }
            }
            var (rc, stdout, rerr) = Glassbox("run", path, "--input", "3 1 2 2", "--json");
            Assert.True(rc == 0, rerr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal(new long[] { 1, 2, 2, 3 }, doc.RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetInt64()));

            var (oov, _, oovErr) = Glassbox("run", path, "--input", "1 7");
            Assert.Equal(1, oov);
            Assert.Contains("'7'", oovErr);
            var (tooLong, _, longErr) = Glassbox("run", path, "--input", "1 2 3 1 2 3");
            Assert.Equal(1, tooLong);
            Assert.Contains("at most 5", longErr);

            File.WriteAllText(path, File.ReadAllText(path).Replace("\"residual\"", "\"residuals\""));
            var (bad, _, badErr) = Glassbox("run", path, "--input", "1");
            Assert.Equal(1, bad);
            Assert.Contains("not a valid Glassbox compiled model", badErr);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void UnknownProgramAndBadVerifyModeAreUserErrors()
    {
        Assert.Equal(1, Glassbox("compile", "--lib", "nope", "--vocab", "1,2", "--max-seq-len", "3").Code);
        var (code, _, err) = Glassbox("compile", "--lib", "length", "--vocab", "1,2", "--max-seq-len", "3", "--verify", "sometimes");
        Assert.Equal(1, code);
        Assert.Contains("sometimes", err);
    }
}
