using System.Text.Json;

namespace Glassbox.Tests.Lens.Compression;

public class CompressCliTests
{
    private static readonly string[] Small = ["--lib", "frac_prevs", "--vocab", "1,2", "--max-seq-len", "3"];

    [Fact]
    public void JsonReportsWidthsAccuracyAndSeconds()
    {
        var (code, stdout, stderr) = CliHarness.Run(["compress", .. Small, "--dim", "5", "--steps", "20", "--json"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(7, root.GetProperty("residual_dim").GetInt32());
        Assert.Equal(5, root.GetProperty("dim").GetInt32());
        var accuracy = root.GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(14, root.GetProperty("inputs").GetInt32());
        Assert.Equal("evaluator", root.GetProperty("oracle").GetString());
        Assert.False(root.TryGetProperty("sweep", out _));
    }

    [Fact]
    public void SweepListsEveryWidthAndWritesThePlot()
    {
        var png = Path.Combine(Path.GetTempPath(), $"compress-sweep-{Environment.ProcessId}.png");
        try
        {
            var (code, stdout, stderr) = CliHarness.Run(["compress", .. Small, "--sweep", "--dim", "6", "--steps", "10", "--png", png, "--json"]);
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var sweep = doc.RootElement.GetProperty("sweep").EnumerateArray().ToList();
            Assert.Equal([7, 6], sweep.Select(p => p.GetProperty("dim").GetInt32()));
            Assert.Equal(1.0, sweep[0].GetProperty("accuracy").GetDouble());
            Assert.All(sweep, p => Assert.True(p.TryGetProperty("seconds", out _) && p.TryGetProperty("loss", out _)));
            var bytes = File.ReadAllBytes(png);
            Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(bytes, 1, 3));
            Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(500, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), $".compress-sweep-{Environment.ProcessId}*"), _ => true);
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public void SavedModelIsComparedWithTheUncompressedModel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compress-saved-{Environment.ProcessId}.gbx.json");
        try
        {
            Assert.Equal(0, CliHarness.Run(["compile", .. Small, "-o", path]).Code);
            var (code, stdout, stderr) = CliHarness.Run("compress", path, "--dim", "7", "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("uncompressed model", doc.RootElement.GetProperty("oracle").GetString());
            Assert.Equal(1.0, doc.RootElement.GetProperty("accuracy").GetDouble());
            var text = CliHarness.Run("compress", path, "--dim", "7");
            Assert.Contains("residual 7 → 7: accuracy 100.0 %", text.Out);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("--steps", "5")]
    [InlineData("--dim", "0")]
    [InlineData("--dim", "8")]
    [InlineData("--dim", "3", "--steps", "-1")]
    public void BadRequestsAreUserErrors(params string[] extra)
    {
        var (code, _, stderr) = CliHarness.Run(["compress", .. Small, .. extra]);
        Assert.Equal(1, code);
        Assert.False(string.IsNullOrWhiteSpace(stderr));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void MissingProgramOptionsAreUserErrors()
    {
        Assert.Equal(1, CliHarness.Run("compress", "--lib", "frac_prevs", "--dim", "3").Code);
        Assert.Equal(1, CliHarness.Run("compress", "--dim", "3").Code);
        Assert.Equal(1, CliHarness.Run("compress", "missing.rasp", "--dim", "3").Code);
    }
}
