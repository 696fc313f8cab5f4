using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Syntax;

public class LexerTests
{
    private static List<(TokenKind Kind, string Text)> Lex(string text) =>
        Lexer.Tokenize(new SourceText("t", text)).Select(t => (t.Kind, t.Text)).ToList();

    [Fact]
    public void CallTokensIncludeTheirParenthesisOnlyWithoutASpace()
    {
        Assert.Equal([(TokenKind.SelectOpen, "select("), (TokenKind.RightParen, ")"), (TokenKind.EndOfInput, "")], Lex("select()"));
        Assert.Equal([(TokenKind.Identifier, "select"), (TokenKind.LeftParen, "("), (TokenKind.EndOfInput, "")], Lex("select ("));
        foreach (var (text, kind) in new[] { ("aggregate(", TokenKind.AggregateOpen), ("range(", TokenKind.RangeOpen), ("zip(", TokenKind.ZipOpen), ("len(", TokenKind.LenOpen), ("exit()", TokenKind.ExitCall), ("quit()", TokenKind.QuitCall) })
            Assert.Equal(kind, Lex(text)[0].Kind);
    }

    [Fact]
    public void LongestMatchWins()
    {
        Assert.Equal(TokenKind.Identifier, Lex("example0")[0].Kind);
        Assert.Equal(TokenKind.Example, Lex("example")[0].Kind);
        Assert.Equal(TokenKind.Examples, Lex("examples")[0].Kind);
        Assert.Equal(TokenKind.Selector, Lex("selector")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Lex("length")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Lex("index")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Lex("full_s")[0].Kind);
        Assert.Equal([(TokenKind.FullSeqDisplay, "full seq display"), (TokenKind.On, "on"), (TokenKind.EndOfInput, "")], Lex("full seq display on"));
        Assert.Equal([(TokenKind.SOp, "s-op"), (TokenKind.Examples, "examples"), (TokenKind.Off, "off"), (TokenKind.EndOfInput, "")], Lex("s-op examples off"));
    }

    [Fact]
    public void NumbersStringsAndComments()
    {
        Assert.Equal([(TokenKind.Integer, "12"), (TokenKind.Float, "3.25"), (TokenKind.String, "\"a b\""), (TokenKind.EndOfInput, "")],
            Lex("12 3.25 # a comment\n\"a b\" # another"));
        Assert.Equal([(TokenKind.Minus, "-"), (TokenKind.Integer, "3"), (TokenKind.EndOfInput, "")], Lex("-3"));
    }

    [Theory]
    [InlineData(".5", 1)]
    [InlineData("1.", 2)]
    [InlineData("x = 'a';", 5)]
    [InlineData("a $ b", 3)]
    [InlineData("\"open", 1)]
    public void BadCharactersBecomeInvalidTokensAtTheirColumn(string text, int column)
    {
        var bad = Lexer.Tokenize(new SourceText("t", text)).First(t => t.Kind == TokenKind.Invalid);
        Assert.Equal(column, bad.Span.Column);
        Assert.False(string.IsNullOrEmpty(bad.Problem));
    }

    [Fact]
    public void KeywordsAreNeverNames()
    {
        foreach (var word in new[] { "set", "example", "on", "draw", "round", "indicator", "in", "not", "def", "return" })
            Assert.True(Lexer.IsKeyword(word), word);
        Assert.False(Lexer.IsKeyword("tokens"));
        Assert.False(Lexer.IsKeyword("True"));
    }
}
