using Glassbox.Transformers;
using Glassbox.Tests.Views;

namespace Glassbox.Tests.Browser;

/// <summary>
/// Opens pages written by <c>glassbox view</c> in Chromium: the program graph, every layer and head are there,
/// hovering a token changes the pattern shown, nothing is fetched and nothing is logged as an error.
/// Set GLASSBOX_DOCS_SCREENSHOTS to a folder to also save the screenshots used by the docs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewPageBrowserTests(BrowserFixture browser) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glassbox-view-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("reverse", "1,2,3", "1 2 3 3")]
    [InlineData("sort", "1,2,3", "3 1 2")]
    [InlineData("dyck1_ptf", "(,)", "( ( ) ) (")]
    public async Task CompiledProgramPage(string lib, string vocab, string input)
    {
        var (_, json, _) = CliHarness.Run("compile", "--lib", lib, "--vocab", vocab, "--max-seq-len", "5", "--json");
        using var sizes = System.Text.Json.JsonDocument.Parse(json);
        int expectedLayers = sizes.RootElement.GetProperty("layers").GetInt32(), expectedHeads = sizes.RootElement.GetProperty("total_heads").GetInt32();
        var html = Path.Combine(_dir, $"{lib}.html");
        var (code, _, stderr) = CliHarness.Run("view", "--lib", lib, "--vocab", vocab, "--max-seq-len", "5", "--input", input, "-o", html);
        Assert.True(code == 0, stderr);
        await using var probe = await browser.OpenFileAsync(html);
        var page = probe.Page;

        Assert.Equal(1, await page.Locator("svg.graph").CountAsync());
        var layers = await page.Locator("section.layer").CountAsync();
        var heads = await page.Locator(".attn.card").CountAsync();
        Assert.Equal(expectedLayers, layers);
        Assert.Equal(expectedHeads, heads);
        Assert.True(heads >= 1);
        Assert.Equal(heads, await page.Locator("svg.draw").CountAsync());
        Assert.Equal(heads, await page.Locator("svg.hm[data-layer][data-head]").CountAsync());
        Assert.True(await page.Locator("svg.graph g.node[data-role=head]").CountAsync() >= 1);

        // Hover query tokens of the last head: its row lights up and the key colours follow the pattern.
        var card = page.Locator(".attn.card").Last;
        await card.ScrollIntoViewIfNeededAsync();
        await card.Locator(".tok[data-token='1']").HoverAsync();
        Assert.Equal("1", await card.GetAttributeAsync("data-query"));
        Assert.Equal(1, await card.Locator("svg.hm .hm-row.hl").CountAsync());
        Assert.Equal("1", await card.Locator("svg.hm .hm-row.hl").GetAttributeAsync("data-row"));
        var first = await Backgrounds(card);
        await card.Locator(".tok[data-token='2']").HoverAsync();
        Assert.Equal("2", await card.Locator("svg.hm .hm-row.hl").GetAttributeAsync("data-row"));
        var second = await Backgrounds(card);
        Assert.All(first.Concat(second), bg => Assert.False(string.IsNullOrEmpty(bg)));
        Assert.NotEqual(first, second);

        // The residual stream shows one stage at a time; the first tab brings up the embeddings.
        var panels = page.Locator(".stages .stage");
        Assert.True(await panels.Last.IsVisibleAsync());
        await page.Locator(".stage-tabs button").First.ClickAsync();
        Assert.True(await panels.First.IsVisibleAsync());
        Assert.False(await panels.Last.IsVisibleAsync());

        await card.Locator(".tok[data-token='1']").HoverAsync();
        var shot = await probe.ScreenshotAsync(Path.Combine(_dir, $"{lib}.png"));
        Assert.True(ViewFixtures.PngSize(shot).Height > 900);
        if (Environment.GetEnvironmentVariable("GLASSBOX_DOCS_SCREENSHOTS") is { Length: > 0 } docs && lib == "reverse")
        {
            await using var top = await browser.OpenFileAsync(html, 1280, 1500);
            await top.ScreenshotAsync(Path.Combine(docs, "view-reverse.png"), fullPage: false);
        }
        probe.AssertClean();
    }

    [Fact]
    public async Task TrainedModelPage()
    {
        var gbm = Path.Combine(_dir, "random.gbm");
        TrainedModelFile.Save(ViewFixtures.RandomDecoder(), gbm);
        var html = Path.Combine(_dir, "trained.html");
        var (code, _, stderr) = CliHarness.Run("view", gbm, "--input", "1 2 3", "-o", html);
        Assert.True(code == 0, stderr);
        await using var probe = await browser.OpenFileAsync(html);
        Assert.Equal(4, await probe.Page.Locator(".attn.card").CountAsync());
        Assert.Equal(2, await probe.Page.Locator(".card.scores").CountAsync());
        var card = probe.Page.Locator(".attn.card").First;
        await card.Locator(".tok[data-token='3']").HoverAsync();
        Assert.Equal("3", await card.Locator("svg.hm .hm-row.hl").GetAttributeAsync("data-row"));
        await probe.ScreenshotAsync(Path.Combine(_dir, "trained.png"));
        probe.AssertClean();
    }

    private static async Task<List<string>> Backgrounds(Microsoft.Playwright.ILocator card) =>
        [.. await card.Locator(".tokens .tok").EvaluateAllAsync<string[]>("els => els.map(e => e.style.background)")];
}
