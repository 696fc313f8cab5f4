using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Interop.Safetensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Interop;

/// <summary>Truncated and bit-flipped files of every format are refused with a <see cref="UserError"/> or read harmlessly — never a crash.</summary>
public class CorruptFileTests
{
    private static readonly Lazy<CompiledModel> Model = new(() => LibraryCases.Compile("sort").Compilation.Model);

    /// <summary>Truncations at many lengths and seeded byte flips; each read must succeed or throw UserError.</summary>
    private static (int Refused, int Read) Sweep(byte[] good, string extension, Action<string> read, int flips = 60)
    {
        var dir = Directory.CreateTempSubdirectory("glassbox-corrupt-");
        var (refused, ok) = (0, 0);
        try
        {
            var variants = new List<byte[]>();
            var step = Math.Max(1, good.Length / 40);
            for (var n = 0; n < good.Length; n += step) variants.Add(good[..n]);
            variants.Add(good[..^1]);
            var random = new Random(11);
            for (var i = 0; i < flips; i++)
            {
                var bad = (byte[])good.Clone();
                // Bias the flips towards the start, where headers and lengths live.
                var at = i % 2 == 0 ? random.Next(Math.Min(bad.Length, 256)) : random.Next(bad.Length);
                bad[at] ^= (byte)(1 << random.Next(8));
                variants.Add(bad);
            }
            for (var i = 0; i < variants.Count; i++)
            {
                var path = Path.Combine(dir.FullName, $"v{i}{extension}");
                File.WriteAllBytes(path, variants[i]);
                try { read(path); ok++; }
                catch (UserError e) { Assert.False(string.IsNullOrWhiteSpace(e.Message)); refused++; }
            }
        }
        finally { dir.Delete(recursive: true); }
        Assert.True(refused > 0);
        return (refused, ok);
    }

    [Fact]
    public void CorruptOnnxFilesAreRefusedOrReadHarmlessly()
    {
        var good = OnnxExport.Compiled(Model.Value);
        var (refused, _) = Sweep(good, ".onnx", p => OnnxImport.LoadCompiled(p), flips: 200);
        Assert.True(refused >= 40, $"only {refused} refused");
    }

    [Fact]
    public void TruncatedOnnxFilesAreRefusedByOnnxruntimeWithAUserError()
    {
        var good = OnnxExport.Compiled(Model.Value);
        foreach (var n in new[] { 0, 10, good.Length / 3, good.Length - 7 })
            Assert.Throws<UserError>(() => new OnnxRunner(good[..n]).Dispose());
    }

    [Fact]
    public void CorruptSafetensorsFilesAreRefusedOrReadHarmlessly()
    {
        var good = SafetensorsExport.Compiled(Model.Value);
        var (refused, _) = Sweep(good, ".safetensors", p => SafetensorsFile.Load(p), flips: 200);
        Assert.True(refused >= 40, $"only {refused} refused");
    }

    [Fact]
    public void CorruptCompiledModelJsonIsRefusedOrReadHarmlessly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-{Guid.NewGuid():N}.gbx.json");
        ModelFile.Save(Model.Value, path);
        var good = File.ReadAllBytes(path);
        File.Delete(path);
        Sweep(good, ".gbx.json", p => ModelFile.Load(p));
    }

    [Fact]
    public void CorruptTrainedModelFilesAreRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-{Guid.NewGuid():N}.gbm");
        TrainedModelFile.Save(OnnxTrainedTests.Bundle(OnnxTrainedTests.Config("decoder")), path);
        var good = File.ReadAllBytes(path);
        File.Delete(path);
        var (_, read) = Sweep(good, ".gbm", p => TrainedModelFile.Load(p));
        Assert.Equal(0, read);   // a checksum guards every byte
    }
}
