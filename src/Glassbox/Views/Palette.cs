using System.Globalization;

namespace Glassbox.Views;

/// <summary>An RGB colour.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Parses <c>#rrggbb</c>.</summary>
    public static Rgb Parse(string hex) => new(
        byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>Relative luminance (WCAG 2), 0 = black, 1 = white.</summary>
    public double Luminance
    {
        get
        {
            static double Channel(byte c)
            {
                var s = c / 255.0;
                return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * Channel(R) + 0.7152 * Channel(G) + 0.0722 * Channel(B);
        }
    }

    /// <summary>Black or white, whichever reads better on this colour (WCAG contrast).</summary>
    public string TextColor => (Luminance + 0.05) / 0.05 >= 1.05 / (Luminance + 0.05) ? "#111827" : "#ffffff";

    /// <inheritdoc />
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>
/// A colour scale: piecewise-linear between stops spread evenly over [<see cref="Min"/>, <see cref="Max"/>].
/// The page script uses the same stops (see <see cref="ToJson"/>) so hover colours match the drawn cells.
/// </summary>
/// <param name="Stops">Colours from <see cref="Min"/> to <see cref="Max"/>.</param>
/// <param name="Min">The value of the first stop.</param>
/// <param name="Max">The value of the last stop.</param>
public sealed record ColorScale(IReadOnlyList<Rgb> Stops, double Min, double Max)
{
    /// <summary>Sequential white → deep blue for [0, 1] (attention weights, selector matrices).</summary>
    public static ColorScale Attention { get; } = new(
        new[] { "#ffffff", "#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b" }.Select(Rgb.Parse).ToList(), 0, 1);

    /// <summary>Diverging red ← white → blue, symmetric around 0 with the given largest magnitude (residual values).</summary>
    public static ColorScale Diverging(double magnitude) => new(
        new[] { "#b2182b", "#ef8a62", "#fddbc7", "#ffffff", "#d1e5f0", "#67a9cf", "#2166ac" }.Select(Rgb.Parse).ToList(),
        -Math.Max(magnitude, 1e-12), Math.Max(magnitude, 1e-12));

    /// <summary>The colour of <paramref name="x"/> (clamped to the range).</summary>
    public Rgb At(double x)
    {
        if (double.IsNaN(x)) return Stops[Stops.Count / 2];
        var t = Math.Clamp((x - Min) / (Max - Min), 0, 1) * (Stops.Count - 1);
        var i = Math.Min((int)Math.Floor(t), Stops.Count - 2);
        var f = t - i;
        Rgb a = Stops[i], b = Stops[i + 1];
        return new Rgb(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);

    /// <summary>The stops as a JSON array of <c>[r,g,b]</c>, for the page script.</summary>
    public string ToJson() => "[" + string.Join(",", Stops.Select(s => $"[{s.R},{s.G},{s.B}]")) + "]";
}

/// <summary>Colours of layers and node kinds (Okabe–Ito, distinguishable with colour-vision deficiencies).</summary>
public static class Palette
{
    private static readonly string[] Layers = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#7f3c8d", "#11a579"];

    /// <summary>The colour of the inputs (tokens, indices, constants).</summary>
    public const string Input = "#6b7280";

    /// <summary>The colour of layer <paramref name="layer"/> (−1: the inputs).</summary>
    public static string Layer(int layer) => layer < 0 ? Input : Layers[layer % Layers.Length];
}
