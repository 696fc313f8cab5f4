using Glassbox.Rasp;
using Glassbox.Web;

namespace Glassbox.Tests.Serve;

/// <summary>The page's jobs in this process (the worker runs the same code): no files read, errors placed, tokens parsed.</summary>
public sealed class PageJobsTests
{
    [Fact]
    public void EvaluateRefusesLoadAndPlacesTheError()
    {
        var reply = PageJobs.Evaluate(new EvaluateRequest("x = tokens;\nload \"/etc/passwd\";\n"));
        var error = Assert.Single(reply.Errors);
        Assert.Equal(("program.rasp", 2, 1), (error.File, error.Line, error.Column));
        Assert.Contains("turned off", error.Message);
        Assert.Equal(["x"], reply.SOps);
    }

    [Fact]
    public void CompileNamesAMissingSOpAndAFunction()
    {
        var limits = new PageLimits();
        var missing = Assert.Throws<PageError>(() => PageJobs.Compile(new CompileRequest("x = tokens;", "y", "a,b", 3), limits));
        Assert.Contains("no s-op named 'y'", missing.Message);
        var function = Assert.Throws<PageError>(() => PageJobs.Compile(new CompileRequest("def f(s) { return s; }", "f", "a,b", 3), limits));
        Assert.Contains("the function f(s)", function.Message);
        var badName = Assert.Throws<PageError>(() => PageJobs.Compile(new CompileRequest("x = tokens;", "x); load(", "a,b", 3), limits));
        Assert.Contains("is not an s-op name", badName.Message);
    }

    /// <summary>A program that runs but does not compile: a mean used as a selector key (the compiler names its place).</summary>
    internal const string MeanAsKey = "m = numerical(aggregate(select(indices, indices, <=), indicator(tokens == \"a\")));\nk = aggregate(select(m, m, ==), tokens);\n";

    [Fact]
    public void ACompilerRefusalCarriesTheProgramPlace()
    {
        var e = Assert.Throws<PageError>(() => PageJobs.Compile(new CompileRequest(MeanAsKey, "k", "a,b", 3), new PageLimits()));
        var place = Assert.Single(e.Errors);
        Assert.Equal("program.rasp", place.File);
        Assert.InRange(place.Line, 1, 2);
    }

    [Theory]
    [InlineData("a b a", "a,b", new[] { "a", "b", "a" })]
    [InlineData("aba", "a,b", new[] { "a", "b", "a" })]
    [InlineData("10 2", "10,2", new[] { "10", "2" })]
    public void TokensSplitAtSpacesOrIntoCharacters(string text, string vocab, string[] expected)
    {
        var vocabulary = Value.ParseVocabulary(vocab.Split(',')).ToList();
        Assert.Equal(expected, PageJobs.ParseTokens(text, vocabulary).Select(v => v.ToString()));
        Assert.Throws<PageError>(() => PageJobs.ParseTokens("z", vocabulary));
    }

    [Fact]
    public void AnInputOutsideTheVocabularyIsShownOnTheVocabularyWithANote()
    {
        var reply = PageJobs.Compile(new CompileRequest("x = tokens == \"a\";", "x", "a,b", 3, Input: "a z"), new PageLimits());
        Assert.Equal(["a", "b", "a"], reply.Run.Input);
        Assert.Contains("'z'", reply.Run.Note);
        Assert.True(reply.Run.Same);
        Assert.NotNull(reply.ViewsHtml);
    }
}
