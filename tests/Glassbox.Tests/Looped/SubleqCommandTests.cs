using System.CommandLine;
using System.Text.Json;
using Glassbox.Cli;

namespace Glassbox.Tests.Looped;

public class SubleqCommandTests
{
    internal static (int Code, string Out, string Err) Glassbox(params string[] args) => CliHarness.Run(args);

    [Theory]
    [InlineData("interpreter")]
    [InlineData("transformer")]
    public void JsonReportsHaltedStepsPcAndMemory(string engine)
    {
        var (code, output, _) = Glassbox("subleq", SubleqInterpreterTests.Example("multiply.subleq"), "--engine", engine, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("halted").GetBoolean());
        Assert.Equal(26, doc.RootElement.GetProperty("steps").GetInt64());
        Assert.Equal(4, doc.RootElement.GetProperty("pc").GetInt32());
        Assert.Equal([-1L, 0, 63, 0, -7, 1], doc.RootElement.GetProperty("memory").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void TraceComparesEveryLoopWithTheInterpreter()
    {
        var (code, output, _) = Glassbox("subleq", SubleqInterpreterTests.Example("add.subleq"), "--engine", "transformer",
            "--attention", "softmax", "--lambda", "8", "--precision", "float32", "--trace");
        Assert.Equal(0, code);
        Assert.Contains("step      1: [0] t -= x -> -25; pc 1  = interpreter", output);
        Assert.Contains("halted at EOF (pc 2) after 2 steps", output);
    }

    [Fact]
    public void TraceReportsTheFirstDifference()
    {
        // λ = 0.01 makes softmax nearly uniform, so the first loop already reads garbage.
        var (code, output, _) = Glassbox("subleq", SubleqInterpreterTests.Example("multiply.subleq"), "--engine", "transformer",
            "--attention", "softmax", "--lambda", "0.01", "--trace");
        Assert.Equal(CommandRunner.InternalFailure, code);
        Assert.Contains("DIVERGENCE after step 1", output);
        Assert.Contains("interpreter: pc 1", output);
    }

    [Fact]
    public void MaxStepsStopsWithoutHalting()
    {
        var (code, output, _) = Glassbox("subleq", SubleqInterpreterTests.Example("sum.subleq"), "--max-steps", "7", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"halted\":false,\"steps\":7", output);
    }

    [Fact]
    public void BadProgramsAreUserErrorsWithLineAndColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-bad-{Environment.ProcessId}.subleq");
        File.WriteAllText(path, "bits 8\nmem 0 -1\n0 7 1\n0 1 1\n");
        try
        {
            var (code, _, err) = Glassbox("subleq", path);
            Assert.Equal(CommandRunner.UserFailure, code);
            Assert.Contains(":3:3: memory address 7 is outside 0..1", err);
        }
        finally { File.Delete(path); }
        Assert.Equal(CommandRunner.UserFailure, Glassbox("subleq", "no-such-file.subleq").Code);
    }

    [Fact]
    public void PrintRawEmitsAParseableRawForm()
    {
        var (code, output, _) = Glassbox("subleq", SubleqInterpreterTests.Example("multiply.subleq"), "--print-raw");
        Assert.Equal(0, code);
        Assert.Contains("mem -1 0 7 9 0 1", output);
        Assert.Contains("5 3 4", output);
    }
}
