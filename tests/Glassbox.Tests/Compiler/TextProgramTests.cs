using System.Text.Json;
using Glassbox.Cli;
using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;

namespace Glassbox.Tests.Compiler;

public class TextProgramTests
{
    private static (int Code, string Out, string Err) Glassbox(params string[] args) => CliHarness.Run(args);

    private static string Examples => Path.Combine(AppContext.BaseDirectory, "examples", "paper_examples.rasp");

    [Theory]
    [InlineData("reverse")]
    [InlineData("hist_bos")]
    [InlineData("sort_bos")]
    [InlineData("dyck1_ptf")]
    public void PaperExamplesFromTextCompileExactlyUnderRaspSemantics(string sop)
    {
        var (code, stdout, err) = Glassbox("compile", Examples, "--sop", sop, "--vocab", "a,b,(,)", "--max-seq-len", "4", "--verify", "exhaustive", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(340, doc.RootElement.GetProperty("verified_inputs").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("mismatches").GetInt32());
    }

    [Theory]
    [InlineData("rasp_reverse")]
    [InlineData("hist_nobos")]
    [InlineData("hist2_bos")]
    [InlineData("most_freq")]
    public void PaperLibraryProgramsCompileExactly(string spec)
    {
        var lib = RaspLibrary.Resolve(spec, 4);
        var c = RaspCompiler.Compile(lib.Program, new CompileOptions(Value.ParseVocabulary(new[] { "a", "b", "c" }), 4, false, lib.Semantics));
        CompilerTestKit.AssertExact(c, CompilerTestKit.VerifyExhaustive(c));
    }

    [Fact]
    public void RefusalsOfTextProgramsNameFileLineAndColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gbx_refuse_{Environment.ProcessId}.rasp");
        File.WriteAllText(path, "prefix = select(indices, indices, <=);\nfrac = numerical(aggregate(prefix, indicator(tokens == \"a\"), 0));\nw = selector_width(select(frac, frac, ==));\n");
        try
        {
            var (code, _, err) = Glassbox("compile", path, "--sop", "w", "--vocab", "a,b", "--max-seq-len", "3");
            Assert.Equal(1, code);
            Assert.Contains("'frac'", err);
            Assert.Contains($"{path}:2:", err);
            Assert.Contains("must be categorical", err);
        }
        finally { File.Delete(path); }
    }
}
