using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Rasp.Script;
using static Glassbox.Rasp.Rasp;

namespace Glassbox.Tests.Rasp.Script;

/// <summary>
/// examples/paper_examples.rasp and the text standard library build trees equal to rasp-core's C# versions
/// (<see cref="RaspPaper"/>, <see cref="RaspLib"/>).
/// </summary>
public class LibraryAstEqualityTests
{
    private static readonly Lazy<Interpreter> Paper = new(() =>
    {
        var path = Path.Combine(ScriptHarness.ExamplesDirectory, "paper_examples.rasp");
        var interpreter = new Interpreter(TextWriter.Null, ScriptHarness.ExamplesDirectory);
        interpreter.Settings.ShowSOpExamples = interpreter.Settings.ShowSelectorExamples = false;
        interpreter.Run(new Glassbox.Rasp.Syntax.SourceText(path, File.ReadAllText(path)));
        Assert.Equal(0, interpreter.ErrorCount);
        return interpreter;
    });

    private static SOp PaperSOp(string name) => Assert.IsType<SOpValue>(Paper.Value.Lookup(name)).SOp;

    public static TheoryData<string, string> PaperPrograms => new()
    {
        { "reverse", nameof(RaspPaper.Reverse) },
        { "hist_bos", nameof(RaspPaper.HistBos) },
        { "hist_nobos", nameof(RaspPaper.HistNoBos) },
        { "hist2_bos", nameof(RaspPaper.Hist2Bos) },
        { "sort_bos", nameof(RaspPaper.SortBos) },
        { "sort_by_most_freq", nameof(RaspPaper.SortByMostFreq) },
        { "dyck1_ptf", nameof(RaspPaper.Dyck1Ptf) },
        { "dyck2_ptf", nameof(RaspPaper.Dyck2Ptf) },
        { "dyck3_ptf", nameof(RaspPaper.Dyck3Ptf) },
    };

    [Theory]
    [MemberData(nameof(PaperPrograms))]
    public void PaperProgramsEqualTheDslVersions(string textName, string method)
    {
        var dsl = (SOp)typeof(RaspPaper).GetMethod(method, Type.EmptyTypes)!.Invoke(null, null)!;
        Assert.Equal(dsl, PaperSOp(textName));
    }

    private static SOp Text(string script)
    {
        var (_, interpreter) = ScriptHarness.Run(script);
        Assert.Equal(0, interpreter.ErrorCount);
        return Assert.IsType<SOpValue>(interpreter.Lookup("x")).SOp;
    }

    public static TheoryData<string, SOp> LibraryPrograms => new()
    {
        { "x = length;", RaspLib.Length },
        { "x = selector_width(select(tokens, tokens, ==));", RaspLib.SelectorWidth(Select(Tokens, Tokens, Comparison.Eq)) },
        { "x = has_focus(select(indices, 1, ==));", RaspLib.HasFocus(Select(Indices, Full(1), Comparison.Eq)) },
        { "x = count(tokens, \"l\");", RaspLib.Count(Tokens, "l") },
        { "x = contains(tokens, \"l\");", RaspLib.Contains(Tokens, "l") },
        { "x = max(indices, length - indices);", RaspLib.Max(Indices, RaspLib.Length - Indices) },
        { "x = min(indices, length - indices);", RaspLib.Min(Indices, RaspLib.Length - Indices) },
        { "x = average(indices);", RaspLib.Average(Indices) },
        { "x = load_from_location(tokens, length - 1 - indices);", RaspLib.LoadFromLocation(Tokens, RaspLib.Length - 1 - Indices) },
        { "x = shift(tokens, 1, \"_\");", RaspLib.Shift(Tokens, 1, "_") },
        { "x = mark_last_instance(tokens, \"l\");", RaspLib.MarkLastInstance(Tokens, "l") },
        { "x = mark_first_instance(tokens, \"l\");", RaspLib.MarkFirstInstance(Tokens, "l") },
        { "x = aggregate(select_from_last(tokens, \"l\"), indices);", Aggregate(RaspLib.SelectFromLast(Tokens, "l"), Indices, 0) },
        { "x = aggregate(select_from_first(tokens, \"l\"), indices);", Aggregate(RaspLib.SelectFromFirst(Tokens, "l"), Indices, 0) },
        { "x = sort(tokens, tokens);", RaspLib.Sort(Tokens, Tokens) },
        { "x = aggregate(select_next_identical(tokens), indices, -1);", Aggregate(RaspLib.SelectNextIdentical(Tokens), Indices, -1) },
    };

    [Theory]
    [MemberData(nameof(LibraryPrograms))]
    public void LibraryFunctionsEqualTheDslVersions(string script, SOp expected) => Assert.Equal(expected, Text(script));

    [Fact]
    public void FullSAndLengthAreSharedNodesInText()
    {
        var (_, interpreter) = ScriptHarness.Run("a = count(tokens, \"a\");\nb = length;");
        var a = Assert.IsType<SOpValue>(interpreter.Lookup("a")).SOp;
        var b = Assert.IsType<SOpValue>(interpreter.Lookup("b")).SOp;
        // count uses length and full_s; both are the library's single objects, so the analysis shares their head.
        Assert.Contains(a.TopologicalOrder(), n => ReferenceEquals(n, b) || (n is SOp s && s.Name == "length"));
        Assert.Equal(1, RaspAnalysis.Analyse(a).MaxHeads);
    }
}
