using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Syntax;

public class SyntaxErrorTests
{
    private static RaspSyntaxError Fail(string text) =>
        Assert.Throws<RaspSyntaxError>(() => Parser.ParseProgram(new SourceText("bad.rasp", text)));

    [Theory]
    [InlineData("set = 3;", 1, 1, "keyword")]
    [InlineData("example = 4;", 1, 1, "keyword")]
    [InlineData("on = 3;", 1, 1, "keyword")]
    [InlineData("draw = 2;", 1, 1, "keyword")]
    [InlineData("x = 3", 1, 6, "missing ';'")]
    [InlineData("x = .5;", 1, 5, "'.'")]
    [InlineData("x = 1.;", 1, 6, "'.'")]
    [InlineData("a = 1;\nb = tokens != \"a\";", 2, 12, "!=")]
    [InlineData("select (indices, indices, ==);", 1, 27, "expected an expression")]
    [InlineData("x = select(indices, indices, +);", 1, 30, "comparison")]
    [InlineData("x = 'a';", 1, 5, "double quotes")]
    [InlineData("l[1:2];", 1, 4, "slices")]
    [InlineData("def f(x) { y = x; }", 1, 19, "return")]
    [InlineData("def f(x) { return x; y = 1; }", 1, 22, "last statement")]
    [InlineData("return 3;", 1, 1, "return")]
    [InlineData("for x in l { a = 1;", 1, 20, "end of input")]
    [InlineData("x = [1, 2;", 1, 10, "']'")]
    [InlineData("x = {1 2};", 1, 8, "':'")]
    [InlineData("\n\n   y = (1 + ;", 3, 13, "expected an expression")]
    [InlineData("x = \"abc\n\";", 1, 5, "unterminated")]
    [InlineData("load other;", 1, 6, "quoted file name")]
    [InlineData("set example", 1, 12, "expected an expression")]
    [InlineData("full seq display maybe", 1, 18, "'on' or 'off'")]
    [InlineData("x = aggregate(s);", 1, 16, "','")]
    [InlineData("x = range(1,2,3,4);", 1, 5, "1 to 3")]
    [InlineData("def in(x) { return x; }", 1, 5, "keyword")]
    [InlineData("x = 99999999999999999999;", 1, 5, "too large")]
    [InlineData("a, 3 = 1, 2;", 1, 4, "variable name")]
    public void ErrorsNameLineAndColumnWithACaret(string text, int line, int column, string fragment)
    {
        var error = Fail(text);
        Assert.Equal((line, column), (error.Span.Line, error.Span.Column));
        Assert.StartsWith($"bad.rasp:{line}:{column}: ", error.Message);
        Assert.Contains(fragment, error.Message);
        var lines = error.Message.Split('\n');
        Assert.True(lines.Length == 3, error.Message);
        Assert.Equal(column + 1, lines[2].IndexOf('^'));
    }

    [Theory]
    [InlineData("x = ")]
    [InlineData("def f(x) {")]
    [InlineData("x = f(1,")]
    [InlineData("for i in range(3) { a = a + i;")]
    [InlineData("x = 3")]
    public void IncompleteInputIsMarkedAsEndOfInput(string text) => Assert.True(Fail(text).AtEndOfInput);

    [Theory]
    [InlineData("x = 3 4;")]
    [InlineData("x = $;")]
    [InlineData("x = );")]
    public void WrongInputIsNotMarkedAsEndOfInput(string text) => Assert.False(Fail(text).AtEndOfInput);

    [Fact]
    public void ErrorIsAUserError() => Assert.IsAssignableFrom<UserError>(Fail("x = ;"));
}

public class NestingLimitTests
{
    [Fact]
    public void DeepNestingIsASyntaxErrorNotACrash()
    {
        var deep = "x = " + new string('(', 5000) + "1" + new string(')', 5000) + ";";
        var error = Assert.Throws<RaspSyntaxError>(() => Parser.ParseProgram(new SourceText("deep.rasp", deep)));
        Assert.Contains("nested more than", error.Message);
        var prefixes = "x = " + string.Concat(Enumerable.Repeat("- ", 5000)) + "1;";
        Assert.Throws<RaspSyntaxError>(() => Parser.ParseProgram(new SourceText("deep.rasp", prefixes)));
        var fine = "x = " + new string('(', 100) + "1" + new string(')', 100) + ";";
        Assert.Single(Parser.ParseProgram(new SourceText("ok.rasp", fine)));
    }
}
