using System.Text.Json;
using Glassbox.Cli;

namespace Glassbox.Tests;

/// <summary>The one way commands open a model (src/Glassbox.Cli/Commands/ModelSource.cs), through <c>glassbox run</c>.</summary>
public class ModelSourceTests
{
    [Fact]
    public void RunCompilesALibraryProgramInPlaceOfAModelFile()
    {
        var (code, stdout, _) = CliHarness.Run("run", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5", "--input", "1 2 3", "--json");
        Assert.Equal(CommandRunner.Ok, code);
        var output = JsonDocument.Parse(stdout).RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetInt64());
        Assert.Equal(new long[] { 3, 2, 1 }, output);
    }

    [Fact]
    public void RunOpensASavedModelAndGivesTheSameOutputAsTheProgram()
    {
        var dir = Directory.CreateTempSubdirectory("glassbox-source-");
        try
        {
            var path = Path.Combine(dir.FullName, "sort.gbx.json");
            Assert.Equal(CommandRunner.Ok, CliHarness.Run("compile", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "4", "-o", path).Code);
            var fromFile = CliHarness.Run("run", path, "--input", "3 1 2");
            var fromProgram = CliHarness.Run("run", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "4", "--input", "3 1 2");
            Assert.Equal(CommandRunner.Ok, fromFile.Code);
            Assert.Equal("[1, 2, 3]", fromFile.Out.Trim());
            Assert.Equal(fromProgram.Out, fromFile.Out);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("--vocab is needed", "run", "--lib", "reverse", "--max-seq-len", "5", "--input", "1")]
    [InlineData("--max-seq-len is needed", "run", "--lib", "reverse", "--vocab", "1,2", "--input", "1")]
    [InlineData("not both", "run", "examples/tour.rasp", "--sop", "x", "--lib", "reverse", "--vocab", "1", "--max-seq-len", "2", "--input", "1")]
    [InlineData("say which s-op", "run", "examples/tour.rasp", "--input", "1")]
    [InlineData("is not a model file", "run", "model.bin", "--input", "1")]
    [InlineData("token '7' at position 1 is not in the model's vocabulary", "run", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5", "--input", "1 7")]
    [InlineData("compiled for at most 2", "run", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "2", "--input", "1 2 3")]
    [InlineData("has an empty token", "run", "--lib", "reverse", "--vocab", "1,,2", "--max-seq-len", "2", "--input", "1")]
    [InlineData("is not tracr or rasp", "run", "--lib", "reverse", "--vocab", "1,2", "--max-seq-len", "2", "--semantics", "x", "--input", "1")]
    public void BadSourcesAreUserErrorsNamingTheProblem(string message, params string[] args)
    {
        var (code, _, stderr) = CliHarness.Run(args);
        Assert.Equal(CommandRunner.UserFailure, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
