using System.Text.RegularExpressions;
using Glassbox.Compiler;
using Glassbox.Views;

namespace Glassbox.Tests.Views;

public sealed class ModelPageTests
{
    /// <summary>Fails when the page refers to anything outside itself (scripts, styles, images, fonts, links).</summary>
    internal static void AssertSelfContained(string html)
    {
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"(?!#)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("url\\((?!#)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain(Regex.Matches(html, "https?://[^\"]*").Select(m => m.Value), u => u != "http://www.w3.org/2000/svg");
    }

    [Fact]
    public void CompiledPageShowsEveryLayerAndHeadAndIsSelfContained()
    {
        var run = ViewFixtures.Compiled("sort", "3 1 2");
        var html = ModelPage.Render(run);
        AssertSelfContained(html);
        var heads = run.Model.Layers.Sum(l => l.Heads.Count);
        Assert.Equal(heads, Regex.Matches(html, "<div class=\"attn card\"").Count);
        Assert.Equal(heads, Regex.Matches(html, "<svg class=\"draw\"").Count);
        Assert.Equal(run.Model.LayerCount, Regex.Matches(html, "<section class=\"layer\"").Count);
        Assert.Equal(run.Residual.Count, Regex.Matches(html, "<div class=\"stage\"").Count);
        Assert.Single(Regex.Matches(html, "<svg class=\"graph\""));
        Assert.Contains("Allocation report", html);
        Assert.Contains("agree", html);
        foreach (var label in run.Model.ResidualLabels) Assert.Contains(Html.Escape(label), html);
    }

    [Fact]
    public void CompiledRunMatchesTheEvaluatorAndPatternsAreDistributions()
    {
        var run = ViewFixtures.Compiled("reverse", "1 2 3 3");
        Assert.Equal(run.Expected, run.Output);
        Assert.Equal(["BOS", "0:1", "1:2", "2:3", "3:3"], run.Positions);
        foreach (var head in run.Heads)
            for (var q = 0; q < head.Pattern.GetLength(0); q++)
                Assert.Equal(1, Enumerable.Range(0, head.Pattern.GetLength(1)).Sum(k => head.Pattern[q, k]), 6);
        // reverse: the last layer's head sends query i to key n−1−i (positions shift by one for BOS).
        var last = run.Heads[^1];
        for (var i = 0; i < 4; i++) Assert.True(last.Pattern[i + 1, 4 - i] > 0.99);
        Assert.True(run.Decoding.AllMatch);
    }

    [Fact]
    public void HeadsAreNumberedAsTheCompiledModelNumbersThem()
    {
        var run = ViewFixtures.Compiled("sort_freq", "3 1 3 2");
        foreach (var head in run.Heads)
        {
            var block = (HeadBlock)run.Compilation!.Placements.Where(p => p.SubLayer == 2 * head.Layer && p.Block is HeadBlock).ElementAt(head.Head).Block;
            Assert.Equal(head.Name, block.Node.Label);
            Assert.StartsWith(block.Node.Kind == NodeKind.WidthScalar ? "" : "keys ", ModelPage.HeadNote(run, head));
        }
    }

    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void GraphEdgesRunForwardAndEveryNodeIsPlaced(string spec, string vocab)
    {
        var (_, c) = LibraryCases.Compile(spec, vocab);
        var places = ProgramGraphView.Place(c).ToDictionary(p => p.Node);
        Assert.Equal(c.Graph.Nodes.Count, places.Count);
        foreach (var p in places.Values)
        {
            foreach (var child in p.Node.Children) Assert.True(places[child].Slot <= p.Slot, $"{child.Label} → {p.Node.Label}");
            if (p.Role is "head" or "mlp") Assert.Equal(c.Placements.Single(x => x.Block.Node == p.Node).Layer, p.Layer);
        }
        var svg = ProgramGraphView.Render(c);
        Assert.Equal(c.Graph.Nodes.Count, Regex.Matches(svg, "<g class=\"node").Count);
    }

    [Fact]
    public void SavedModelPageHasNoProgramSectionsButStillDecodes()
    {
        var (_, c) = LibraryCases.Compile("hist");
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-view-{Guid.NewGuid():N}.gbx.json");
        ModelFile.Save(c.Model, path);
        CompiledModel model;
        try { model = ModelFile.Load(path); }
        finally { File.Delete(path); }
        var run = CompiledRun.Create(model, null, [1, 1, 2], "hist");
        Assert.Null(run.Expected);
        var html = ModelPage.Render(run);
        AssertSelfContained(html);
        Assert.DoesNotContain("<svg class=\"graph\"", html);
        Assert.Contains("<div class=\"attn card\"", html);
        Assert.Equal(c.RunCraft([1, 1, 2]), run.Output);
    }

    [Fact]
    public void TrainedPageShowsEveryHeadWithScores()
    {
        var bundle = ViewFixtures.RandomDecoder();
        var run = TrainedRun.Create(bundle, bundle.Tokenizer.Encode("1 2 3"), "random");
        Assert.Equal(4, run.Heads.Count);
        Assert.Equal("<bos>", run.Tokens[0]);
        Assert.Equal(2, run.Scores.PreviousToken.Length);
        Assert.NotNull(run.Scores.Induction);
        Assert.All(run.Scores.Induction!.SelectMany(r => r), s => Assert.InRange(s, 0, 1));
        var html = ModelPage.Render(run);
        AssertSelfContained(html);
        Assert.Equal(4, Regex.Matches(html, "<div class=\"attn card\"").Count);
        Assert.Contains("data-score=\"induction\"", html);
        // Same seed, same page.
        Assert.Equal(html, ModelPage.Render(TrainedRun.Create(bundle, bundle.Tokenizer.Encode("1 2 3"), "random")));
    }

    [Theory]
    [InlineData(Glassbox.Transformers.Architecture.Encoder, 4, "")]
    [InlineData(Glassbox.Transformers.Architecture.EncoderDecoder, 12, "cross")]
    public void EncoderAndEncoderDecoderModelsShowEveryAttentionStack(Glassbox.Transformers.Architecture arch, int heads, string group)
    {
        var tokenizer = new Glassbox.Transformers.Tokenization.SymbolTokenizer(["1", "2", "3", "4"]);
        var config = new Glassbox.Transformers.TransformerConfig(arch, tokenizer.Vocabulary.Size, 12, 16, 2, 2);
        var bundle = new Glassbox.Transformers.ModelBundle(Glassbox.Transformers.TransformerFactory.Create<float>(config, 5), tokenizer, "reverse", 5);
        var run = TrainedRun.Create(bundle, tokenizer.Encode("1 2 3"), arch.ToString());
        Assert.Equal(heads, run.Heads.Count);
        Assert.Contains(run.Heads, h => h.Group == group);
        foreach (var h in run.Heads)
        {
            Assert.Equal(h.QueryLabels.Count, h.Pattern.GetLength(0));
            Assert.Equal(h.KeyLabels.Count, h.Pattern.GetLength(1));
        }
        var html = ModelPage.Render(run);
        Assert.Equal(heads, Regex.Matches(html, "<div class=\"attn card\"").Count);
    }

    [Fact]
    public void ModelWithoutLayersIsAUserError()
    {
        var (_, c) = LibraryCases.Compile("reverse");
        var empty = c.Model with { Layers = [] };
        Assert.Throws<UserError>(() => CompiledRun.Create(empty, null, [1], "empty"));
    }
}
