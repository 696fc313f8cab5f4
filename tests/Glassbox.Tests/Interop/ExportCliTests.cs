using System.Text.Json;
using Glassbox.Interop.Onnx;
using Glassbox.Interop.Safetensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Interop;

public sealed class ExportCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("glassbox-export-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void ExportedOnnxRunsBackThroughGlassboxRun()
    {
        var onnx = PathOf("sort.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export", "--lib", "sort", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", onnx, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("onnx", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(onnx).Length, doc.RootElement.GetProperty("bytes").GetInt64());
        var run = CliHarness.Run("run", onnx, "--input", "3 1 2");
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal("[1, 2, 3]", run.Out.Trim());
        Assert.Equal([Path.GetFileName(onnx)], _dir.GetFiles().Select(f => f.Name));   // no temporary file left behind
    }

    [Fact]
    public void VerifyRunsTheFileInOnnxruntimeBeforeWritingIt()
    {
        var onnx = PathOf("frac.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export", "--lib", "frac_prevs", "--vocab", "1,2,3", "--max-seq-len", "4", "-o", onnx,
            "--verify", "exhaustive", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3 + 9 + 27 + 81, doc.RootElement.GetProperty("verified_inputs").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("mismatches").GetInt32());
        var bad = CliHarness.Run("export", "--lib", "frac_prevs", "--vocab", "1,2,3", "--max-seq-len", "4", "-o", PathOf("x.safetensors"), "--verify", "exhaustive");
        Assert.Equal(1, bad.Code);
        Assert.Equal(1, CliHarness.Run("export", "--lib", "frac_prevs", "--vocab", "1,2,3", "--max-seq-len", "4", "-o", onnx, "--verify", "random:x").Code);
    }

    [Fact]
    public void SafetensorsFormatComesFromTheExtensionOrTheOption()
    {
        var path = PathOf("hist.safetensors");
        var (code, _, stderr) = CliHarness.Run("export", "--lib", "hist", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("hist", SafetensorsFile.Load(path).Metadata["glassbox"]);
        var other = PathOf("hist.bin");
        Assert.Equal(1, CliHarness.Run("export", "--lib", "hist", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", other).Code);
        Assert.Equal(0, CliHarness.Run("export", "--lib", "hist", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", other, "--format", "safetensors").Code);
        Assert.Equal(1, CliHarness.Run("export", "--lib", "hist", "--vocab", "1,2,3", "--max-seq-len", "5", "-o", other, "--format", "tflite").Code);
    }

    [Fact]
    public void TrainedModelFilesExportToOnnx()
    {
        var gbm = PathOf("decoder.gbm");
        TrainedModelFile.Save(OnnxTrainedTests.Bundle(OnnxTrainedTests.Config("decoder")), gbm);
        var onnx = PathOf("decoder.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export", gbm, "-o", onnx);
        Assert.True(code == 0, stderr);
        Assert.Contains("trained model", stdout);
        using var runner = OnnxRunner.FromFile(onnx);
        Assert.Equal(10, runner.Run([[8, 0, 1, 2]])[0].GetLength(1));
        var refused = CliHarness.Run("run", onnx, "--input", "a b");
        Assert.Equal(1, refused.Code);
        Assert.Contains("trained model", refused.Err);
    }

    [Fact]
    public void RunRefusesAnOnnxFileGlassboxDidNotWrite()
    {
        var path = PathOf("foreign.onnx");
        File.WriteAllBytes(path, [0x08, 0x07, 0x12, 0x07, (byte)'p', (byte)'y', (byte)'t', (byte)'o', (byte)'r', (byte)'c', (byte)'h']);
        var (code, _, stderr) = CliHarness.Run("run", path, "--input", "1");
        Assert.Equal(1, code);
        Assert.Contains("not written by Glassbox", stderr);
        Assert.Contains("pytorch", stderr);
    }
}
