using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Rasp;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;
using Glassbox.Tests.Browser;
using Glassbox.Tests.Interop;
using Glassbox.Web;
using Microsoft.Playwright;

namespace Glassbox.Tests.Serve;

/// <summary>
/// The page in Chromium (the shared <see cref="BrowserFixture"/>) against a real server: type a program, compile it,
/// see the model, download its ONNX file and run that in onnxruntime; a bad program shows its error on its line.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBrowserTests(BrowserFixture browser, PageServerFixture server) : IClassFixture<PageServerFixture>
{
    private const string Reverse = "flip = select(indices, length - indices - 1, ==);\nrev = aggregate(flip, tokens);\n";

    private async Task<PageProbe> OpenPage()
    {
        var probe = await browser.OpenAsync(server.Server.Address.ToString());
        await probe.Page.WaitForFunctionAsync("() => /^ran in/.test(document.getElementById('status').textContent)",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        return probe;
    }

    [Fact]
    public async Task ATypedProgramCompilesAndItsOnnxDownloadRunsInOnnxruntime()
    {
        await using var probe = await OpenPage();
        var page = probe.Page;
        await page.FillAsync("#editor", "");
        await page.Locator("#editor").PressSequentiallyAsync(Reverse);
        await page.FillAsync("#sop", "rev");
        await page.FillAsync("#input", "\"abc\"");
        await page.WaitForFunctionAsync("() => document.getElementById('output').textContent.includes('>> rev(\"abc\");')",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        Assert.Contains("\t =  [c, b, a] (strings)", await page.TextContentAsync("#output"));

        await page.FillAsync("#vocab", "a,b,c");
        await page.FillAsync("#maxlen", "3");
        await page.ClickAsync("#compile");
        await page.WaitForFunctionAsync("() => document.getElementById('compile-status').textContent === 'compiled rev'",
            null, new PageWaitForFunctionOptions { Timeout = 180_000 });

        var expected = RaspCompiler.Compile(LoadRev(), new CompileOptions(Value.ParseVocabulary(["a", "b", "c"]), 3, false, AggregateSemantics.Rasp01), "rev");
        var stats = Glassbox.Compiler.Diagnostics.Stats(expected);
        Assert.Equal(stats.Layers.ToString(), await page.TextContentAsync("[data-size='layers']"));
        Assert.Equal(stats.ResidualDim.ToString(), await page.TextContentAsync("[data-size='residual width']"));
        Assert.Contains("39 input(s), 0 mismatch(es)", await page.TextContentAsync("#check"));
        Assert.Contains("same", await page.TextContentAsync("#run"));

        // The views helper's page, inside the page: one attention card per head, and hovering a query token picks its row.
        var views = page.FrameLocator("#views");
        await views.Locator(".attn.card").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        Assert.Equal(stats.TotalHeads, await views.Locator(".attn.card").CountAsync());
        var card = views.Locator(".attn.card[data-layer='1'][data-head='0']");
        await card.Locator(".tok[data-token='1']").HoverAsync();
        Assert.Equal("1", await card.GetAttributeAsync("data-query"));
        await Screenshot(probe, "serve-compiled.png");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-file='rev.onnx']"));
        Assert.Equal("rev.onnx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-page-{Guid.NewGuid():N}.onnx");
        try
        {
            await download.SaveAsAsync(path);
            using var runner = OnnxRunner.FromFile(path);
            var codec = new MetadataCodec(runner.Metadata[OnnxExport.MetadataKey]);
            var inputs = Verifier.Exhaustive(expected.Options.Vocabulary, 3).ToList();
            var logits = runner.Run(inputs.Select(i => codec.Encode(i.Select(v => v.ToString()))).ToList());
            var evaluator = new RaspEvaluator(AggregateSemantics.Rasp01);
            for (var s = 0; s < inputs.Count; s++)
                Assert.Equal(evaluator.Evaluate(expected.Program, inputs[s]).Select(v => (object?)v.AsString()), codec.Decode(logits[s]));
        }
        finally { File.Delete(path); }
        probe.AssertClean();
    }

    [Fact]
    public async Task ABadProgramShowsItsErrorOnItsLine()
    {
        await using var probe = await OpenPage();
        var page = probe.Page;
        await page.FillAsync("#editor", "a = tokens;\nb = a +;\nc = a;\n");
        var line = page.Locator(".errline[data-line='2']");
        await line.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        Assert.Equal(1, await page.Locator(".errline").CountAsync());
        Assert.Contains("2:8", await line.TextContentAsync());
        Assert.Equal("2", await page.TextContentAsync(".gutter .bad"));
        await Screenshot(probe, "serve-error.png");
        Assert.Contains("program.rasp:2:8", await page.TextContentAsync("#errors"));

        // A compile refusal is placed in the editor too.
        await page.FillAsync("#editor", PageJobsTests.MeanAsKey);
        await page.FillAsync("#sop", "k");
        await page.FillAsync("#vocab", "a,b");
        await page.FillAsync("#maxlen", "3");
        await page.ClickAsync("#compile");
        await page.WaitForFunctionAsync("() => document.getElementById('compile-status').classList.contains('failed')",
            null, new PageWaitForFunctionOptions { Timeout = 180_000 });
        Assert.Contains("program.rasp:", await page.TextContentAsync("#errors"));
        Assert.Equal(1, await page.Locator(".errline").CountAsync());
        // Chromium logs the refusal's HTTP 422 as a console error; that is the only one allowed here.
        Assert.All(probe.ConsoleErrors, e => Assert.Contains("status of 422", e));
        Assert.Empty(probe.ForeignRequests);
    }

    /// <summary>Saves a screenshot into the folder named by GLASSBOX_SCREENSHOTS, when it is set (for the docs).</summary>
    private static async Task Screenshot(PageProbe probe, string name)
    {
        if (Environment.GetEnvironmentVariable("GLASSBOX_SCREENSHOTS") is { Length: > 0 } folder)
            await probe.ScreenshotAsync(Path.Combine(folder, name));
    }

    private static SOp LoadRev()
    {
        var interpreter = new Interpreter(TextWriter.Null);
        interpreter.Run(new SourceText(PageJobs.ProgramFile, Reverse));
        return Assert.IsType<SOpValue>(interpreter.Lookup("rev")).SOp;
    }
}
