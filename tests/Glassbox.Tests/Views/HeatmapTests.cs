using System.Globalization;
using System.Text.RegularExpressions;
using Glassbox.Views;

namespace Glassbox.Tests.Views;

public sealed class HeatmapTests
{
    private static Heatmap Sample() => new("t<1>", "query", "key", ["r0", "r<1>"], ["c0", "c1", "c2"],
        new double[,] { { 0, 0.5, 1 }, { 1, 0, 0 } }, ColorScale.Attention);

    [Fact]
    public void RowZeroIsDrawnAtTheTopAndEveryCellIsAddressable()
    {
        var svg = Sample().ToSvg();
        double Y(int row) => double.Parse(Regex.Match(svg, $"<rect data-row=\"{row}\" data-col=\"0\" x=\"[^\"]+\" y=\"([^\"]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(Y(0) < Y(1));
        Assert.Equal(6, Regex.Matches(svg, "<rect data-row=").Count);
        Assert.Equal(2, Regex.Matches(svg, "class=\"hm-row\"").Count);
    }

    [Fact]
    public void LabelsAndAxesAreShownAndEscaped()
    {
        var svg = Sample().ToSvg();
        Assert.Contains("r&lt;1&gt;", svg);
        Assert.DoesNotContain("r<1>", svg);
        Assert.Contains("key →", svg);
        Assert.Contains("← query", svg);
        Assert.Contains("<title>t&lt;1&gt;</title>", svg);
    }

    [Fact]
    public void MismatchedLabelsAreRefused() =>
        Assert.Throws<ArgumentException>(() => new Heatmap("x", "r", "c", ["a"], ["b"], new double[2, 1], ColorScale.Attention).ToSvg());

    [Fact]
    public void ScaleEndsAtItsStopsAndClamps()
    {
        var s = ColorScale.Attention;
        Assert.Equal(s.Stops[0], s.At(0));
        Assert.Equal(s.Stops[^1], s.At(1));
        Assert.Equal(s.Stops[^1], s.At(7));
        Assert.Equal(s.Stops[0], s.At(-3));
        var d = ColorScale.Diverging(2);
        Assert.Equal(Rgb.Parse("#ffffff"), d.At(0));
        Assert.Equal(d.Stops[0], d.At(-2));
    }

    [Fact]
    public void TextColourKeepsContrast()
    {
        Assert.Equal("#ffffff", ColorScale.Attention.At(1).TextColor);
        Assert.Equal("#111827", ColorScale.Attention.At(0).TextColor);
        foreach (var x in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            var bg = ColorScale.Attention.At(x);
            var ink = Rgb.Parse(bg.TextColor);
            double hi = Math.Max(bg.Luminance, ink.Luminance), lo = Math.Min(bg.Luminance, ink.Luminance);
            Assert.True((hi + 0.05) / (lo + 0.05) >= 4.5, $"contrast at {x}");
        }
    }
}
