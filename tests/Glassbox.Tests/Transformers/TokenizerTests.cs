using CsCheck;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Tests.Transformers;

public class TokenizerTests
{
    private const string Sample = "the cat sat on the mat; the cat ate the rat. 123 + 456 = 579\nthe end, the end!";

    [Fact]
    public void SpecialTokensAreTheLastFourIds()
    {
        var v = new Vocabulary(["a", "b", "c"]);
        Assert.Equal(7, v.Size);
        Assert.Equal((3, 4, 5, 6), (v.Pad, v.Mask, v.Bos, v.Eos));
        Assert.Equal(Vocabulary.BosName, v[v.Bos]);
        Assert.True(v.IsSpecial(v.Pad));
        Assert.False(v.IsSpecial(2));
    }

    [Fact]
    public void CharTokenizerRoundTripsAndNamesUnknownCharacters()
    {
        var t = CharTokenizer.FromCorpus(Sample);
        Assert.Equal("the mat", t.Decode(t.Encode("the mat")));
        var e = Assert.Throws<UserError>(() => t.Encode("the ~"));
        Assert.Contains("'~'", e.Message);
        Assert.Contains("offset 4", e.Message);
    }

    [Fact]
    public void BpeLearnsFrequentPairsAndShortensText()
    {
        var t = BpeTokenizer.Train(Sample, 40);
        Assert.True(t.Merges.Count >= 8, $"{t.Merges.Count} merges");
        Assert.Single(t.Encode(" the"));                    // the most frequent word becomes one token
        Assert.True(t.Encode(Sample).Length * 10 < Wtf8.Encode(Sample).Length * 8, $"{t.Encode(Sample).Length} tokens for {Sample.Length} bytes");
        Assert.Equal(256 + t.Merges.Count + 4, t.Vocabulary.Size);
    }

    [Fact]
    public void BpeRoundTripsAnyString()
    {
        var t = BpeTokenizer.Train(Sample + " ünïcödé 😀 日本語", 60);
        Gen.String.Sample(s => t.Decode(t.Encode(s)) == s, iter: 2000);
        Gen.Char.Array.Select(cs => new string(cs)).Sample(s => t.Decode(t.Encode(s)) == s, iter: 2000);
    }

    [Fact]
    public void Wtf8RoundTripsLoneSurrogates()
    {
        foreach (var s in new[] { "\uD800", "a\uDC00b", "\uDBFF\uD800", "😀\uD83D", "" })
            Assert.Equal(s, Wtf8.Decode(Wtf8.Encode(s)));
    }

    [Fact]
    public void BpeTrainingIsDeterministicAndPreTokenizingConcatenatesBack()
    {
        Assert.Equal(BpeTokenizer.Train(Sample, 30).Merges, BpeTokenizer.Train(Sample, 30).Merges);
        Gen.String.Sample(s => string.Concat(BpeTokenizer.PreTokenize(s)) == s, iter: 1000);
    }

    [Fact]
    public void SymbolTokenizerSplitsOnWhitespace()
    {
        var t = new SymbolTokenizer(["0", "1", "2", "|"]);
        Assert.Equal([2, 0, 3, 1], t.Encode(" 2 0  | 1"));
        Assert.Equal("2 0 | 1", t.Decode([2, 0, 3, t.Vocabulary.Eos, 1]));
        Assert.Throws<UserError>(() => t.Encode("7"));
    }
}
