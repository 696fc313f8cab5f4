namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;

public class RaspListingTests
{
    [Fact]
    public void ListsEachNodeOnceWithNamesAndInlineLeaves()
    {
        var text = RaspListing.Format(TracrLibrary.MakeHist());
        Assert.Equal("same_tok = select(tokens, tokens, ==)\nhist = selector_width(same_tok)\n", text.Replace("\r", ""));
    }

    [Fact]
    public void SharedNodesAppearOnceAndUnnamedOnesGetFreshNames()
    {
        SOp x = Rasp.Tokens + 1;
        var text = RaspListing.Format(Rasp.Numerical(x * x).Named("sq")).Replace("\r", "");
        Assert.Equal("_1 = map(x + 1; x = tokens)\nsq = numerical sequence_map(x * y; x = _1, y = _1)\n", text);
    }

    [Fact]
    public void EveryPaperProgramListsEveryNonLeafNode()
    {
        var program = RaspPaper.SortByMostFreq();
        var lines = RaspListing.Format(program).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int nonLeaves = program.TopologicalOrder().Count(n => n is not (TokensSOp or IndicesSOp or Full));
        Assert.Equal(nonLeaves, lines.Length);
        Assert.StartsWith("sort_by_most_freq = aggregate(move, ", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("same_tok = select(tokens, tokens, ==)", StringComparison.Ordinal));
    }
}
