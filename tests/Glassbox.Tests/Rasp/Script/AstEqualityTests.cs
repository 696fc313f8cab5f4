using Glassbox.Rasp;
using Glassbox.Rasp.Script;
using static Glassbox.Rasp.Rasp;

namespace Glassbox.Tests.Rasp.Script;

/// <summary>The text language and the C# DSL build equal ASTs for the same program.</summary>
public class AstEqualityTests
{
    private static SOp Text(string script, string name)
    {
        var (_, interpreter) = ScriptHarness.Run(script);
        Assert.Equal(0, interpreter.ErrorCount);
        return Assert.IsType<SOpValue>(interpreter.Lookup(name)).SOp;
    }

    private static Selector TextSelector(string script, string name)
    {
        var (_, interpreter) = ScriptHarness.Run(script);
        return Assert.IsType<SelectorValue>(interpreter.Lookup(name)).Selector;
    }

    // RASP 0.1's library, in the C# DSL.
    private static readonly Selector FullS = Select(Full(1), Full(1), Comparison.Eq);
    private static readonly SOp Length = Round(1 / Aggregate(FullS, Indicator(Indices.Eq(0)), 0));

    private static SOp SelectorWidth01(Selector sel)
    {
        var at0 = Select(Indices, Full(0), Comparison.Eq);
        var share0 = Aggregate(sel | at0, Indicator(Indices.Eq(0)), 0);
        var had0 = Aggregate(sel & at0, Indicator(Indices.Eq(0)), 0);
        return Round(1 / share0) - 1 + had0;
    }

    public static TheoryData<string, SOp> Programs => new()
    {
        { "set example [1, 2]\nx = tokens + 1;", Tokens + 1 },
        { "x = 1 - indices;", 1 - Indices },
        { "x = tokens == \"l\";", Tokens.Eq("l") },
        { "x = indices * indices;", Indices * Indices },
        { "x = -indices ^ 2;", (-Indices).Pow(2) },
        { "x = not (tokens == \"a\");", Not(Tokens.Eq("a")) },
        { "x = indices < 2 and indices > 0;", Indices.Lt(2) & Indices.Gt(0) },
        { "x = indicator(tokens == \"l\");", Indicator(Tokens.Eq("l")) },
        { "x = round(indices / 2);", Round(Indices / 2) },
        { "x = tokens in [\"a\", \"e\"];", In(Tokens, "a", "e") },
        { "x = \"a\" if indices % 2 == 1 else tokens;", Where((Indices % 2).Eq(1), "a", Tokens) },
        { "x = aggregate(select(indices, indices, <=), indicator(tokens == \"l\"));",
            Aggregate(Select(Indices, Indices, Comparison.Leq), Indicator(Tokens.Eq("l")), 0) },
        { "x = aggregate(select(indices, 5, ==), tokens, \"z\");", Aggregate(Select(Indices, Full(5), Comparison.Eq), Tokens, "z") },
        { "x = length;", Length },
        { "x = aggregate(select(indices, length - indices - 1, ==), tokens);",
            Aggregate(Select(Indices, Length - Indices - 1, Comparison.Eq), Tokens, 0) },
        { "x = selector_width(select(tokens, tokens, ==));", SelectorWidth01(Select(Tokens, Tokens, Comparison.Eq)) },
        { "x = numerical(aggregate(select(indices, indices, <=), indices));",
            Numerical(Aggregate(Select(Indices, Indices, Comparison.Leq), Indices, 0)) },
        { "x = tokens[0];", Aggregate(Select(Indices, Full(0), Comparison.Eq), Tokens, 0) },
        { "x = [\"a\", \"b\"][indices % 2];", Lookup(new Value[] { "a", "b" }, Indices % 2) },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void TextAndDslBuildEqualTrees(string script, SOp expected) => Assert.Equal(expected, Text(script, "x"));

    [Fact]
    public void DifferentProgramsAreNotEqual()
    {
        Assert.NotEqual(Tokens + 2, Text("set example [1]\nx = tokens + 1;", "x"));
        Assert.NotEqual(1 + Tokens, Text("set example [1]\nx = tokens + 1;", "x"));
        Assert.NotEqual(Aggregate(Select(Indices, Indices, Comparison.Lt), Indices, 0), Text("x = aggregate(select(indices, indices, <=), indices);", "x"));
    }

    [Fact]
    public void SelectorCombinationsAreEqualToTheDsl()
    {
        var expected = Select(Tokens, Tokens, Comparison.Eq) & !Select(Indices, Indices, Comparison.Lt);
        Assert.Equal(expected, TextSelector("s = select(tokens, tokens, ==) and not select(indices, indices, <);", "s"));
    }

    [Fact]
    public void AssignmentNamesTheNodeAndTextNodesCarrySpans()
    {
        var sop = Text("\nx = indices + 1;", "x");
        Assert.Equal("x", sop.Name);
        Assert.Equal("test.rasp:2:5", sop.Span?.ToString());
    }

    [Fact]
    public void Dyck1FromTextEqualsTheDsl()
    {
        var prefix = Select(Indices, Indices, Comparison.Leq);
        var opens = Round((Indices + 1) * Aggregate(prefix, Indicator(Tokens.Eq("(")), 0));
        var closes = Round((Indices + 1) * Aggregate(prefix, Indicator(Tokens.Eq(")")), 0));
        var balance = opens - closes;
        var negative = Aggregate(prefix, Indicator(balance.Lt(0)), 0).Gt(0);
        var expected = Where(negative, "F", Where(balance.Eq(0), "T", "P"));
        var text = Text("""
            prefix = select(indices, indices, <=);
            opens = round((indices + 1) * aggregate(prefix, indicator(tokens == "(")));
            closes = round((indices + 1) * aggregate(prefix, indicator(tokens == ")")));
            balance = opens - closes;
            went_negative = aggregate(prefix, indicator(balance < 0)) > 0;
            x = "F" if went_negative else ("T" if balance == 0 else "P");
            """, "x");
        Assert.Equal(expected, text);
    }
}
