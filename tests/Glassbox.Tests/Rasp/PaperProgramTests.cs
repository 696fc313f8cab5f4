namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Rasp.RaspTestData;

/// <summary>The RASP paper's programs: outputs of rasp.md §3/§4 and sizes of rasp.md §3.3.</summary>
public class PaperProgramTests
{
    [Theory]
    [InlineData("reverse", "abcde", "[e, d, c, b, a]")]
    [InlineData("reverse", "abc", "[c, b, a]")]
    [InlineData("hist_nobos", "aabbbc", "[2, 2, 3, 3, 3, 1]")]
    [InlineData("hist_bos", "§aabbbc", "[0, 2, 2, 3, 3, 3, 1]")]
    [InlineData("hist_bos", "§aba", "[0, 2, 1, 2]")]
    [InlineData("hist2_bos", "§abbc", "[0, 2, 1, 1, 2]")]
    [InlineData("sort_bos", "§dcba", "[§, a, b, c, d]")]
    [InlineData("sort_bos", "§cba", "[§, a, b, c]")]
    [InlineData("most_freq", "§abbccddd", "[§, d, b, c, a, §, §, §, §]")]
    [InlineData("dyck1_ptf", "()())", "[P, T, P, T, F]")]
    [InlineData("dyck1_ptf", "(()", "[P, P, P]")]
    [InlineData("dyck2_ptf", "({})", "[P, P, P, T]")]
    [InlineData("dyck2_ptf", "({)}", "[P, P, F, F]")]
    [InlineData("dyck2_ptf", "(}", "[P, F]")]
    public void OutputsMatchTheReferenceRepl(string program, string input, string expected) =>
        Assert.Equal(expected, Show(Eval01(Program(program), Chars(input))));

    private static SOp Program(string name) => name switch
    {
        "reverse" => RaspPaper.Reverse(),
        "hist_nobos" => RaspPaper.HistNoBos(),
        "hist_bos" => RaspPaper.HistBos(),
        "hist2_bos" => RaspPaper.Hist2Bos(),
        "sort_bos" => RaspPaper.SortBos(),
        "most_freq" => RaspPaper.SortByMostFreq(),
        "dyck1_ptf" => RaspPaper.Dyck1Ptf(),
        "dyck2_ptf" => RaspPaper.Dyck2Ptf(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("reverse", 2, 1, "1/1")]
    [InlineData("hist_bos", 1, 1, "1")]
    [InlineData("hist_nobos", 1, 2, "2")]
    [InlineData("hist2_bos", 2, 2, "2/1")]
    [InlineData("sort_bos", 2, 1, "1/1")]
    [InlineData("most_freq", 3, 2, "2/1/1")]
    [InlineData("dyck1_ptf", 2, 1, "1/1")]
    [InlineData("dyck2_ptf", 4, 2, "1/2/1/1")]
    public void AnalysisGivesThePapersSizes(string program, int layers, int heads, string perLayer)
    {
        var a = RaspAnalysis.Analyse(Program(program));
        Assert.Equal(layers, a.Layers);
        Assert.Equal(heads, a.MaxHeads);
        Assert.Equal(perLayer, string.Join("/", a.HeadsPerLayer));
    }

    [Fact]
    public void RasplibSizes()
    {
        var sort = RaspAnalysis.Analyse(RaspLib.Sort(Rasp.Tokens, Rasp.Tokens));
        Assert.Equal("2/1", string.Join("/", sort.HeadsPerLayer));
        foreach (var sop in new[] { RaspLib.Length, RaspLib.Count(Rasp.Tokens, "l"), RaspLib.Shift(Rasp.Tokens, 1, "_"), RaspLib.MarkLastInstance(Rasp.Tokens, "l") })
        {
            var a = RaspAnalysis.Analyse(sop);
            Assert.Equal((1, 1), (a.Layers, a.MaxHeads));
        }
    }

    [Fact]
    public void SameSelectorObjectInTwoLayersCountsInEachButIdenticalCopiesCountTwice()
    {
        var dyck = RaspAnalysis.Analyse(RaspPaper.Dyck1Ptf());
        Assert.Equal("up_to_self", dyck.Schedule[1].Heads.Single().Label);
        Assert.Equal("up_to_self", dyck.Schedule[2].Heads.Single().Label);

        var s1 = Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq);
        var s2 = Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq);
        Assert.Equal(s1, s2);
        var twice = Rasp.Aggregate(s1, Rasp.Indices, 0) + Rasp.Aggregate(s2, Rasp.Indices, 0);
        Assert.Equal(2, RaspAnalysis.Analyse(twice).MaxHeads);
        var once = Rasp.Aggregate(s1, Rasp.Indices, 0) + Rasp.Aggregate(s1, Rasp.Tokens, 0);
        Assert.Equal(1, RaspAnalysis.Analyse(once).MaxHeads);
    }

    [Fact]
    public void ScheduleAndReportNameTheNodes()
    {
        var rev = RaspPaper.Reverse();
        var a = RaspAnalysis.Analyse(rev);
        Assert.Equal(2, a.LayerOf(rev));
        Assert.Equal(1, a.LayerOf(RaspLib.Length));
        Assert.Equal(0, a.LayerOf(Rasp.Tokens));
        Assert.Contains(RaspLib.Length, a.Schedule[1].Mlp);
        string report = a.Report();
        Assert.Contains("layers: 2, max heads: 1 (heads per layer: 1/1)", report);
        Assert.Contains("head 0: full_s", report);
        Assert.Contains("head 0: flip -> reverse", report);
        var noAttention = RaspAnalysis.Analyse(Rasp.Tokens + 1);
        Assert.Equal((0, 0), (noAttention.Layers, noAttention.MaxHeads));
    }

    [Fact]
    public void TracrSelectorWidthIsOneHead()
    {
        var a = RaspAnalysis.Analyse(TracrLibrary.MakeSortUnique(Rasp.Tokens, Rasp.Tokens));
        Assert.Equal("1/1", string.Join("/", a.HeadsPerLayer));
        Assert.Equal(1, RaspAnalysis.Analyse(TracrLibrary.MakeHist()).Layers);
    }
}
