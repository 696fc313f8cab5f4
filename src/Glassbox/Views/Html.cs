using System.Globalization;
using System.Text;

namespace Glassbox.Views;

/// <summary>Escaping and number formatting for the HTML and SVG the views write (invariant culture throughout).</summary>
public static class Html
{
    /// <summary>Escapes text for element content and double-quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>A coordinate or size for SVG: at most two decimals, invariant culture.</summary>
    public static string Num(double x) => Math.Round(x, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A value for people: integers as they are, other numbers to three significant decimals.</summary>
    public static string Short(double x)
    {
        if (double.IsNaN(x)) return "NaN";
        if (Math.Abs(x - Math.Round(x)) < 1e-9 && Math.Abs(x) < 1e9) return Math.Round(x).ToString("0", CultureInfo.InvariantCulture);
        return Math.Abs(x) >= 100 ? x.ToString("0.#", CultureInfo.InvariantCulture) : x.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A number matrix as a JSON array of rows (three decimals), for the page script.</summary>
    public static string JsonMatrix(double[,] m)
    {
        var sb = new StringBuilder("[");
        for (var r = 0; r < m.GetLength(0); r++)
        {
            if (r > 0) sb.Append(',');
            sb.Append('[');
            for (var c = 0; c < m.GetLength(1); c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(Math.Round(m[r, c], 3).ToString("0.###", CultureInfo.InvariantCulture));
            }
            sb.Append(']');
        }
        return sb.Append(']').ToString();
    }

    /// <summary>A string safe to use as an element id: letters, digits and dashes.</summary>
    public static string Id(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        return sb.ToString();
    }
}
