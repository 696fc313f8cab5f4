using Glassbox.Rasp;
using Glassbox.Transformers;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Tokenization;
using Glassbox.Views;

namespace Glassbox.Tests.Views;

/// <summary>Small models and runs shared by the view tests.</summary>
internal static class ViewFixtures
{
    /// <summary>A compiled library program run on <paramref name="input"/> (space-separated tokens).</summary>
    public static CompiledRun Compiled(string spec, string input, string vocab = "1,2,3")
    {
        var (_, compilation) = LibraryCases.Compile(spec, vocab);
        var tokens = Value.ParseVocabulary(input.Split(' '));
        return CompiledRun.Create(compilation.Model, compilation, tokens, spec);
    }

    /// <summary>An untrained (seeded random) 2-layer, 2-head decoder for the reverse task over symbols 1–4.</summary>
    public static ModelBundle RandomDecoder(int seed = 3)
    {
        var tokenizer = new SymbolTokenizer(["1", "2", "3", "4", TaskGenerator.Separator]);
        var config = new TransformerConfig(Architecture.Decoder, tokenizer.Vocabulary.Size, 16, 16, 2, 2);
        return new ModelBundle(TransformerFactory.Create<float>(config, seed), tokenizer, "reverse", 5);
    }

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24, "not a PNG: too short");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
        return (BigEndian(png, 16), BigEndian(png, 20));
    }
}
