using System.Net;
using System.Text.Json;

namespace Glassbox.Web;

/// <summary>The page and its running example, embedded in this assembly (nothing is fetched from elsewhere).</summary>
public static class PageAssets
{
    /// <summary>The RASP program the editor starts with.</summary>
    public static string Example => Read("example.rasp");

    /// <summary>The programs of the RASP paper (examples/paper_examples.rasp), offered as a second example.</summary>
    public static string PaperExamples => Read("paper_examples.rasp");

    /// <summary>The page with the example in the editor and <paramref name="limits"/> for its forms.</summary>
    public static string Page(PageLimits limits) => Read("index.html")
        .Replace("<!--EXAMPLE-->", WebUtility.HtmlEncode(Example), StringComparison.Ordinal)
        .Replace("<!--PAPER-->", WebUtility.HtmlEncode(PaperExamples), StringComparison.Ordinal)
        .Replace("/*LIMITS*/null", JsonSerializer.Serialize(limits, PageJson.Options), StringComparison.Ordinal);

    private static string Read(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("Glassbox.Web.Page." + name)
            ?? throw new InvalidOperationException($"the page resource {name} is missing from Glassbox.Web");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
