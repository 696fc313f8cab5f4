using System.Text.Json;
using Glassbox.Lens;
using Glassbox.Transformers;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Training;

namespace Glassbox.Tests.Lens;

/// <summary>The lenses on trained models: float64 widening, the logit lens through an encoder's head, and the CLI on *.gbm files.</summary>
public class TrainedLensTests
{
    private static ModelBundle Bundle(Architecture arch, TaskKind task, int seed)
    {
        var generator = new TaskGenerator(task, 3, 4);
        var config = new TransformerConfig(arch, generator.Tokenizer.Vocabulary.Size, TaskFormat.ContextLength(arch, 4), DModel: 16, Heads: 2, Layers: 2);
        return new ModelBundle(TransformerFactory.Create<float>(config, seed), generator.Tokenizer, TaskNames.Name(task), 4);
    }

    [Theory]
    [InlineData(Architecture.Encoder)]
    [InlineData(Architecture.Decoder)]
    public void WideningKeepsTheLogitsAndTheLensEndsAtThem(Architecture arch)
    {
        var bundle = Bundle(arch, TaskKind.Reverse, 3);
        var model = LensModel.Trained(bundle, "test");
        int[] x = model.Prompt([0, 2, 1]);
        var narrow = bundle.Model.Forward(x);
        var wide = model.Engine.Forward(x);
        for (int i = 0; i < wide.Rows; i++)
            for (int j = 0; j < wide.Columns; j++) Assert.Equal(narrow[i, j], wide[i, j], 4);
        var lens = Attribution.LogitLens(model.Engine, x);
        Assert.Equal(3, lens.Count);
        Assert.True(lens[^1].AllClose(wide, 1e-12, 1e-12));
        Assert.False(lens[0].AllClose(wide, 1e-3, 1e-3));
        Assert.Equal(arch == Architecture.Encoder, Attribution.Unsupported(model.Engine) is not null);
    }

    [Fact]
    public void EveryLensOpensATrainedModelFile()
    {
        var dir = Directory.CreateTempSubdirectory("lens-trained-");
        try
        {
            string dec = Path.Combine(dir.FullName, "dec.gbm"), enc = Path.Combine(dir.FullName, "enc.gbm");
            TrainedModelFile.Save(Bundle(Architecture.Decoder, TaskKind.Sort, 1), dec);
            TrainedModelFile.Save(Bundle(Architecture.Encoder, TaskKind.Sort, 2), enc);
            using (var doc = JsonDocument.Parse(Ok("lens", "attribution", dec, "--input", "2 0 1", "--json")))
            {
                var positions = doc.RootElement.GetProperty("positions").EnumerateArray().ToList();
                Assert.Equal(4, positions.Count);                      // 2 0 1 and the separator
                foreach (var p in positions)
                {
                    var parts = p.GetProperty("contributions").EnumerateArray().ToList();
                    Assert.Equal(p.GetProperty("logit").GetDouble(), parts.Sum(c => c.GetProperty("value").GetDouble()), 2);
                    Assert.Contains(parts, c => c.GetProperty("component").GetString() == "L1H1");
                }
            }
            foreach (var path in new[] { dec, enc })
            {
                using (var doc = JsonDocument.Parse(Ok("lens", "logit-lens", path, "--input", "2 0 1", "--json")))
                {
                    var layers = doc.RootElement.GetProperty("layers").EnumerateArray().ToList();
                    Assert.Equal(3, layers.Count);
                    foreach (var l in layers)
                        foreach (var pr in l.GetProperty("final_prediction_probability").EnumerateArray()) Assert.InRange(pr.GetDouble(), 0, 1);
                }
                using (var doc = JsonDocument.Parse(Ok("lens", "heads", path, "--json")))
                    Assert.Equal(4, doc.RootElement.GetProperty("heads").GetArrayLength());
                using (var doc = JsonDocument.Parse(Ok("lens", "circuits", path, "--json")))
                {
                    var heads = doc.RootElement.GetProperty("heads").EnumerateArray().ToList();
                    Assert.Equal(4, heads.Count);
                    Assert.Equal(2, heads[^1].GetProperty("composition").GetArrayLength());
                }
                using (var doc = JsonDocument.Parse(Ok("lens", "patch", path, "--input", "2 0 1", "--source", "1 1 1", "--hook", "blocks.1.hook_resid_post", "--json")))
                    Assert.Equal(doc.RootElement.GetProperty("source_output").ToString(), doc.RootElement.GetProperty("patched_output").ToString());
            }
            Assert.Equal(1, CliHarness.Run("lens", "attribution", enc, "--input", "2 0 1").Code);   // W_f/GELU head: not linear
            Assert.Equal(1, CliHarness.Run("lens", "decode", enc, "--input", "2 0 1").Code);        // compiled only
            Assert.Equal(1, CliHarness.Run("lens", "logit-lens", enc, "--input", "2 0 1 2 1").Code); // longer than trained
        }
        finally { dir.Delete(true); }
    }

    private static string Ok(params string[] args)
    {
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.True(code == 0, $"{string.Join(" ", args)}: {stderr}");
        return stdout;
    }
}
