using Glassbox.Cli.Commands;
using Glassbox.Transformers;
using Glassbox.Views;
using SkiaSharp;

namespace Glassbox.Tests.Views;

public sealed class ViewCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glassbox-view-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesThePageAndHeatmapPngs()
    {
        var html = Path.Combine(_dir, "reverse.html");
        var png = Path.Combine(_dir, "png");
        var (code, stdout, stderr) = CliHarness.Run("view", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5",
            "--input", "1 2 3", "-o", html, "--png", png);
        Assert.True(code == 0, stderr);
        Assert.Contains($"wrote {html}", stdout);
        var page = File.ReadAllText(html);
        Assert.StartsWith("<!doctype html>", page);
        ModelPageTests.AssertSelfContained(page);
        var files = Directory.GetFiles(png, "*.png").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["attention-L0-H0.png", "attention-L1-H0.png", "residual-0-embeddings.png", "residual-1-layer-0-attention.png",
            "residual-2-layer-0-mlp.png", "residual-3-layer-1-attention.png", "residual-4-layer-1-mlp.png"], files);
        foreach (var f in Directory.GetFiles(png))
        {
            var (w, h) = ViewFixtures.PngSize(File.ReadAllBytes(f));
            Assert.InRange(w, 400, 2400);
            Assert.InRange(h, 300, 2000);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TrainedModelFileGetsAttentionAndScores()
    {
        var gbm = Path.Combine(_dir, "random.gbm");
        TrainedModelFile.Save(ViewFixtures.RandomDecoder(), gbm);
        var html = Path.Combine(_dir, "t.html");
        var (code, _, stderr) = CliHarness.Run("view", gbm, "--input", "1 2 3 4", "-o", html, "--png", Path.Combine(_dir, "tp"));
        Assert.True(code == 0, stderr);
        var page = File.ReadAllText(html);
        Assert.Contains("Head scores", page);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_dir, "tp"), "attention-*.png").Length);
    }

    [Fact]
    public void PaperProgramFromTextShowsWhereEachNodeIsDefined()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "examples", "paper_examples.rasp");
        var html = Path.Combine(_dir, "sort_bos.html");
        var (code, _, stderr) = CliHarness.Run("view", script, "--sop", "sort_bos", "--vocab", "§,1,2,3", "--max-seq-len", "5", "--input", "§ 3 1 2", "-o", html);
        Assert.True(code == 0, stderr);
        var page = File.ReadAllText(html);
        Assert.Contains("<span class=\"badge ok\">agree</span>", page);
        Assert.Contains("paper_examples.rasp:", page);
        Assert.Contains("data-node=\"sort_bos\"", page);
    }

    [Theory]
    [InlineData("1 2 9", "not in the model's vocabulary")]
    [InlineData("1 2 3 1 2 3", "at most 5")]
    public void BadInputIsAUserErrorAndWritesNothing(string input, string message)
    {
        var html = Path.Combine(_dir, "bad.html");
        var (code, _, stderr) = CliHarness.Run("view", "--lib", "reverse", "--vocab", "1,2,3", "--max-seq-len", "5", "--input", input, "-o", html);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(html));
    }

    [Fact]
    public void PngAxesCarryTheirLabels()
    {
        var values = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0.5, 0.5 } };
        string[] labels = ["a", "b", "c"];
        var labelled = Path.Combine(_dir, "labelled.png");
        var bare = Path.Combine(_dir, "bare.png");
        ViewPngs.Save(labelled, "t", "key (attends to)", "query (attends from)", values, labels, labels, new ScottPlot.Colormaps.Viridis(), 0, 1);
        ViewPngs.Save(bare, "t", "", "", values, labels, labels, new ScottPlot.Colormaps.Viridis(), 0, 1);
        using var a = SKBitmap.Decode(labelled);
        using var b = SKBitmap.Decode(bare);
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        // The x label sits in the bottom band, the rotated y label in the left band: ink there only when labelled.
        Assert.True(DarkPixels(a, 0, a.Height - 22, a.Width, a.Height) > 50, "no x-axis label ink");
        Assert.True(DarkPixels(a, 0, 0, 22, a.Height) > 50, "no y-axis label ink");
        Assert.True(DarkPixels(b, 0, b.Height - 22, b.Width, b.Height) < DarkPixels(a, 0, a.Height - 22, a.Width, a.Height));
        Assert.True(DarkPixels(b, 0, 0, 22, b.Height) < DarkPixels(a, 0, 0, 22, a.Height));
    }

    [Fact]
    public void PngRowZeroIsAtTheTop()
    {
        // One hot cell in row 0, column 0: it must be drawn in the top-left quadrant of the plot.
        var values = new double[4, 4];
        values[0, 0] = 1;
        string[] labels = ["0", "1", "2", "3"];
        var path = Path.Combine(_dir, "orient.png");
        ViewPngs.Save(path, "t", "x", "y", values, labels, labels, new ScottPlot.Colormaps.Custom(ColorScale.Attention.Stops.Select(s => new ScottPlot.Color(s.R, s.G, s.B)).ToArray()), 0, 1);
        using var bmp = SKBitmap.Decode(path);
        var (top, bottom) = (DarkBlue(bmp, 0, bmp.Height / 2), DarkBlue(bmp, bmp.Height / 2, bmp.Height));
        Assert.True(top > 100 && bottom < top / 10, $"dark-blue pixels: top half {top}, bottom half {bottom}");
    }

    private static int DarkPixels(SKBitmap bmp, int x0, int y0, int x1, int y1)
    {
        var n = 0;
        for (var y = Math.Max(0, y0); y < Math.Min(bmp.Height, y1); y++)
            for (var x = Math.Max(0, x0); x < Math.Min(bmp.Width, x1); x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 200) n++;
            }
        return n;
    }

    private static int DarkBlue(SKBitmap bmp, int y0, int y1)
    {
        var n = 0;
        for (var y = y0; y < y1; y++)
            for (var x = 0; x < bmp.Width * 3 / 4; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Blue > 80 && c.Red < 40 && c.Green < 80) n++;
            }
        return n;
    }
}
