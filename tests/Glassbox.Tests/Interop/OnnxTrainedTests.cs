using Glassbox.Interop.Onnx;
using Glassbox.Transformers;
using Glassbox.Transformers.Tokenization;
using Xunit.Abstractions;

namespace Glassbox.Tests.Interop;

public class OnnxTrainedTests(ITestOutputHelper output)
{
    /// <summary>A seeded model of the given shape, saved as a .gbm and loaded back (the path `glassbox export MODEL.gbm` takes).</summary>
    internal static ModelBundle Bundle(TransformerConfig config, int seed = 7)
    {
        var tokenizer = new SymbolTokenizer(Enumerable.Range(0, config.VocabSize - 4).Select(i => ((char)('a' + i)).ToString()));
        var bundle = new ModelBundle(TransformerFactory.Create<float>(config, seed), tokenizer, "reverse", config.MaxLength - 1);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-interop-{Guid.NewGuid():N}.gbm");
        try
        {
            TrainedModelFile.Save(bundle, path);
            return TrainedModelFile.Load(path);
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string> Shapes => new() { "decoder", "encoder", "decoder-relu-sinusoidal", "encoder-tanh-nopos", "decoder-hard-post" };

    internal static TransformerConfig Config(string shape) => shape switch
    {
        "decoder" => new TransformerConfig(Architecture.Decoder, 10, 12, 16, 2, 2),
        "encoder" => new TransformerConfig(Architecture.Encoder, 9, 8, 12, 3, 2, KeySize: 5),
        "decoder-relu-sinusoidal" => new TransformerConfig(Architecture.Decoder, 8, 10, 8, 2, 1) { Activation = Activation.Relu, Positional = PositionalEmbedding.Sinusoidal },
        "encoder-tanh-nopos" => new TransformerConfig(Architecture.Encoder, 7, 6, 8, 1, 2) { Activation = Activation.GeluTanh, Positional = PositionalEmbedding.None },
        _ => new TransformerConfig(Architecture.Decoder, 8, 8, 8, 2, 2) { AttentionMode = AttentionMode.Hard, Norm = NormPlacement.Post, AttentionScale = 1.0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OnnxruntimeLogitsMatchTheEngine(string shape)
    {
        var config = Config(shape);
        var bundle = Bundle(config);
        var random = new Random(3);
        var batch = Enumerable.Range(0, 24).Select(i => Enumerable.Range(0, 1 + i % config.MaxLength).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        var expected = bundle.Model.ForwardBatch(batch);
        using var runner = new OnnxRunner(OnnxExport.Trained(bundle));
        var got = runner.Run(batch);
        var worst = 0.0;
        for (var s = 0; s < batch.Count; s++)
            for (var t = 0; t < batch[s].Length; t++)
                for (var v = 0; v < config.VocabSize; v++) worst = Math.Max(worst, Math.Abs(expected[s][v, t] - got[s][t, v]));
        output.WriteLine($"{shape}: worst logit difference {worst:g3}");
        Assert.True(worst <= 1e-4, $"worst logit difference {worst}");
        Assert.Contains("\"kind\":\"trained\"", runner.Metadata[OnnxExport.MetadataKey]);
    }

    [Fact]
    public void EncoderDecoderModelsAreRefusedByName()
    {
        var bundle = Bundle(new TransformerConfig(Architecture.EncoderDecoder, 8, 6, 8, 2, 1));
        var e = Assert.Throws<UserError>(() => OnnxExport.Trained(bundle));
        Assert.Contains("encoder-decoder", e.Message);
    }
}
