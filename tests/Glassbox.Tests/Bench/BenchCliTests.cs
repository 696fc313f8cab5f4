using System.Text.Json;
using Glassbox.Benchmarks;

namespace Glassbox.Tests.Bench;

public class BenchCliTests
{
    [Fact]
    public void QuickJsonPrintsOneObjectWithTheDocumentedFigureShape()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"glassbox-bench-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = CliHarness.Run("bench", "--quick", "--json", "--only", "matmul", "--png", dir);
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.True(root.GetProperty("quick").GetBoolean());
            Assert.Equal(Environment.ProcessorCount, root.GetProperty("cores").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("machine").GetString()));
            var figures = root.GetProperty("figures").EnumerateArray().ToList();
            Assert.NotEmpty(figures);
            foreach (var f in figures)
            {
                Assert.StartsWith("matmul_", f.GetProperty("name").GetString());
                Assert.Equal("matmul", f.GetProperty("area").GetString());
                Assert.Equal("GFLOP/s", f.GetProperty("unit").GetString());
                Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("baseline_name").GetString()));
                double value = f.GetProperty("value").GetDouble(), baseline = f.GetProperty("baseline").GetDouble();
                double ratio = f.GetProperty("ratio").GetDouble();
                Assert.True(value > 0 && baseline > 0, $"{value} {baseline}");
                Assert.Equal(value / baseline, ratio, 0.01 * ratio);
            }
            Assert.Contains(figures, f => f.GetProperty("name").GetString() == "matmul_256_f32_1core_vs_peak");
            var plot = Assert.Single(root.GetProperty("plots").EnumerateArray()).GetString()!;
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(plot)[..4]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnknownAreaIsAUserError()
    {
        var (code, _, stderr) = CliHarness.Run("bench", "--only", "warp");
        Assert.Equal(1, code);
        Assert.Contains("unknown benchmark area 'warp'", stderr);
    }

    [Fact]
    public void AreasParseFromACommaSeparatedList()
    {
        Assert.Equal(BenchSuite.Areas, BenchSuite.Parse(null));
        Assert.Equal([BenchArea.Matmul, BenchArea.Training], BenchSuite.Parse(" matmul,Training,matmul "));
        Assert.All(BenchSuite.Areas, a => Assert.Equal([a], BenchSuite.Parse(BenchSuite.NameOf(a))));
    }
}
