using System.CommandLine;
using System.Text.Json;
using Glassbox.Cli;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Script;

/// <summary>examples/paper_examples.rasp gives the paper's outputs (rasp.md §4) and sizes (rasp.md §3.3).</summary>
public class PaperExampleTests
{
    private static readonly Lazy<(List<string> Lines, int Errors)> Run = new(() =>
    {
        var path = Path.Combine(ScriptHarness.ExamplesDirectory, "paper_examples.rasp");
        var output = new StringWriter();
        var interpreter = new Interpreter(output, ScriptHarness.ExamplesDirectory);
        interpreter.Run(new SourceText(path, File.ReadAllText(path)));
        return (ScriptHarness.Lines(output.ToString()), interpreter.ErrorCount);
    });

    [Fact]
    public void RunsWithoutErrors() => Assert.Equal(0, Run.Value.Errors);

    [Theory]
    [InlineData(" \t Example: reverse(\"abc\") = [c, b, a] (strings)")]
    [InlineData("\t =  [e, d, c, b, a] (strings)")]
    [InlineData("\t =  [2, 2, 3, 3, 3, 1] (ints)")]
    [InlineData("\t =  [0, 2, 2, 3, 3, 3, 1] (ints)")]
    [InlineData(" \t Example: hist_bos(\"§aba\") = [0, 2, 1, 2] (ints)")]
    [InlineData(" \t Example: hist2_bos(\"§abbc\") = [0, 2, 1, 1, 2] (ints)")]
    [InlineData(" \t Example: sort_bos(\"§cba\") = [§, a, b, c] (strings)")]
    [InlineData("\t =  [§, a, b, c, d] (strings)")]
    [InlineData(" \t Example: sort_by_most_freq(\"§abbccddd\") = [§, d, b, c, a, §, §, §, §] (strings)")]
    [InlineData(" \t Example: dyck1_ptf(\"()())\") = [P, T, P, T, F] (strings)")]
    [InlineData("\t =  [P]*3 (strings)")]
    [InlineData(" \t Example: dyck2_ptf(\"({})\") = [P, P, P, T] (strings)")]
    [InlineData("\t =  [P, P, F, F] (strings)")]
    [InlineData("\t =  [P, F] (strings)")]
    public void PrintsThePaperResults(string line) => Assert.Contains(line, Run.Value.Lines);

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliHarness.Run(args);

    [Theory]
    [InlineData("reverse", 2, 1)]
    [InlineData("hist_bos", 1, 1)]
    [InlineData("hist_nobos", 1, 2)]
    [InlineData("hist2_bos", 2, 2)]
    [InlineData("sort_bos", 2, 1)]
    [InlineData("sort_by_most_freq", 3, 2)]
    [InlineData("dyck1_ptf", 2, 1)]
    [InlineData("dyck2_ptf", 4, 2)]
    public void AnalyseGivesThePaperSizes(string sop, int layers, int heads)
    {
        var (code, output, error) = Cli("analyse", Path.Combine(ScriptHarness.ExamplesDirectory, "paper_examples.rasp"), "--sop", sop, "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(layers, json.RootElement.GetProperty("layers").GetInt32());
        Assert.Equal(heads, json.RootElement.GetProperty("heads").GetInt32());
        Assert.Equal(layers, json.RootElement.GetProperty("heads_per_layer").GetArrayLength());
    }

    [Fact]
    public void AnalyseTextReportNamesTheSizes()
    {
        var (code, output, _) = Cli("analyse", Path.Combine(ScriptHarness.ExamplesDirectory, "paper_examples.rasp"), "--sop", "dyck2_ptf");
        Assert.Equal(0, code);
        Assert.Contains("dyck2_ptf: 4 layers, 2 heads", output);
        Assert.Contains("heads per layer: 1/2/1/1", output);
    }

    [Theory]
    [InlineData("no_such_sop", "defines no s-op")]
    [InlineData("with_bos_selector_width", "is the function")]
    [InlineData("flip", "not an s-op")]
    public void AnalyseRejectsWhatIsNotAnSOp(string name, string fragment)
    {
        var (code, _, error) = Cli("analyse", Path.Combine(ScriptHarness.ExamplesDirectory, "paper_examples.rasp"), "--sop", name);
        Assert.Equal(CommandRunner.UserFailure, code);
        Assert.Contains(fragment, error);
    }

    [Fact]
    public void RaspCommandRunsAFileAndFailsWhenAStatementFails()
    {
        var dir = Directory.CreateTempSubdirectory("rasp-cli-");
        try
        {
            var good = Path.Combine(dir.FullName, "good.rasp");
            File.WriteAllText(good, "x = indices + 1;\nx(\"abc\");\n");
            var (code, output, _) = Cli("rasp", good);
            Assert.Equal(0, code);
            Assert.Contains("\t =  [1, 2, 3] (ints)", output);

            var bad = Path.Combine(dir.FullName, "bad.rasp");
            File.WriteAllText(bad, "x = (1 + ;\ny = 2;\n");
            (code, output, var error) = Cli("rasp", bad);
            Assert.Equal(CommandRunner.UserFailure, code);
            Assert.Contains("bad.rasp:1:10", output);
            Assert.Contains("    value: y =  2", output);
            Assert.Contains("1 statement(s)", error);

            (code, _, error) = Cli("rasp", Path.Combine(dir.FullName, "missing.rasp"));
            Assert.Equal(CommandRunner.UserFailure, code);
            Assert.Contains("no such file", error);
        }
        finally { dir.Delete(recursive: true); }
    }
}

public class AnalyseLibraryTests
{
    [Theory]
    [InlineData("hist_bos", 1, 1)]
    [InlineData("dyck2_ptf", 4, 2)]
    [InlineData("most_freq", 3, 2)]
    public void AnalyseLibProgramsFromTheCatalogue(string lib, int layers, int heads)
    {
        var (code, stdout, stderr) = CliHarness.Run("analyse", "--lib", lib, "--json");
        Assert.True(code == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(layers, json.RootElement.GetProperty("layers").GetInt32());
        Assert.Equal(heads, json.RootElement.GetProperty("heads").GetInt32());
    }

    [Fact]
    public void AnalyseNeedsAProgram()
    {
        var root = new System.CommandLine.RootCommand();
        foreach (var command in Glassbox.Cli.CommandCatalog.All()) root.Subcommands.Add(command);
        var stderr = new StringWriter();
        Assert.Equal(Glassbox.Cli.CommandRunner.UserFailure, Glassbox.Cli.CommandRunner.Run(root, ["analyse"], new StringWriter(), stderr));
        Assert.Contains("say what to analyse", stderr.ToString());
    }
}
