using System.Text.Json;
using Glassbox.Rasp;
using Glassbox.Transformers.Tasks;

namespace Glassbox.Tests.Transformers.Tasks;

public class SizeExperimentTests
{
    public static TheoryData<TaskKind> SizedTasks() => new(TaskPrograms.Sized);

    [Theory]
    [MemberData(nameof(SizedTasks))]
    public void TheProgramComputesTheGeneratedTask(TaskKind kind)
    {
        var program = TaskPrograms.For(kind, 6);
        var generator = new TaskGenerator(kind, 5, 6);
        var random = new Random(17);
        for (int i = 0; i < 150; i++)
        {
            var example = generator.Next(random);
            var output = program.Evaluate(example.Input).Select(v => v.ToString()).ToArray();
            Assert.True(example.Output.SequenceEqual(output),
                $"{program.Name} on [{string.Join(" ", example.Input)}]: program [{string.Join(" ", output)}], task [{string.Join(" ", example.Output)}]");
        }
    }

    [Theory]
    [InlineData(TaskKind.Reverse, 2, 1)]
    [InlineData(TaskKind.Hist, 1, 1)]
    [InlineData(TaskKind.Sort, 2, 1)]
    [InlineData(TaskKind.MostFreq, 3, 2)]
    public void AnalysisGivesThePapersSizes(TaskKind kind, int layers, int heads)
    {
        var analysis = RaspAnalysis.Analyse(TaskPrograms.For(kind).Program);
        Assert.Equal((layers, heads), (analysis.Layers, analysis.MaxHeads));
    }

    [Fact]
    public void ConfigurationsFollowTheAnalysis()
    {
        var mostFreq = SizeExperiment.Configurations(RaspAnalysis.Analyse(TaskPrograms.For(TaskKind.MostFreq).Program), 32);
        Assert.Equal([("rasp", 3, 2, 32), ("layer_fewer", 2, 2, 32), ("head_fewer", 3, 1, 32), ("layer_fewer_wide", 2, 4, 64)],
            mostFreq.Select(c => (c.Name, c.Layers, c.Heads, c.DModel)).ToArray());
        var hist = SizeExperiment.Configurations(RaspAnalysis.Analyse(TaskPrograms.For(TaskKind.Hist).Program), 32);
        Assert.Equal([("rasp", 1, 1), ("layer_fewer", 0, 1)], hist.Select(c => (c.Name, c.Layers, c.Heads)).ToArray());
        var reverse = SizeExperiment.Configurations(RaspAnalysis.Analyse(TaskPrograms.For(TaskKind.Reverse).Program), 32);
        Assert.Equal(["rasp", "layer_fewer", "layer_fewer_wide"], reverse.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void CliPrintsOneRowPerConfiguration()
    {
        var (code, stdout, stderr) = CliHarness.Run("train", "--task", "most-freq", "--size-from-analysis", "--json", "--steps", "3",
            "--batch", "4", "--held-out", "8", "--max-len", "3", "--vocab-size", "3", "--d-model", "8", "--eval-every", "3", "--seed", "2");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("most_freq", root.GetProperty("task").GetString());
        Assert.Equal(3, root.GetProperty("analysis_layers").GetInt32());
        Assert.Equal(2, root.GetProperty("analysis_heads").GetInt32());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([(3, 2), (2, 2), (3, 1), (2, 4)], rows.Select(r => (r.GetProperty("layers").GetInt32(), r.GetProperty("heads").GetInt32())).ToArray());
        foreach (var r in rows)
        {
            double accuracy = r.GetProperty("accuracy").GetDouble();
            Assert.InRange(accuracy, 0, 1);
            Assert.True(r.GetProperty("seconds").GetDouble() >= 0);
            Assert.Equal(3, r.GetProperty("steps").GetInt32());
        }
    }

    [Fact]
    public void CliTableAndUserErrors()
    {
        var (code, stdout, stderr) = CliHarness.Run("train", "--task", "hist", "--size-from-analysis", "--steps", "2", "--batch", "4",
            "--held-out", "4", "--max-len", "3", "--vocab-size", "2", "--d-model", "8", "--eval-every", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("hist_bos", stdout);
        Assert.Contains("the RASP program's size", stdout);
        Assert.Contains("one layer fewer", stdout);
        Assert.DoesNotContain("one head fewer", stdout);
        Assert.Equal(1, CliHarness.Run("train", "--task", "hist", "--size-from-analysis", "--layers", "3").Code);
        Assert.Equal(1, CliHarness.Run("train", "--task", "copy", "--size-from-analysis").Code);
        Assert.Equal(1, CliHarness.Run("train", "--task", "hist", "--size-from-analysis", "--arch", "decoder").Code);
    }
}
