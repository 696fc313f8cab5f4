using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Syntax;

public class ParserTests
{
    [Theory]
    [InlineData("-2^2", "((Negate 2) Power 2)")]
    [InlineData("2^3^2", "((2 Power 3) Power 2)")]
    [InlineData("7 % 3 * 2", "(7 Modulo (3 Multiply 2))")]
    [InlineData("2*3%4", "((2 Multiply 3) Modulo 4)")]
    [InlineData("-3 + 2*4", "((Negate 3) Add (2 Multiply 4))")]
    [InlineData("not True and False", "((Not True) And False)")]
    [InlineData("not 1 == 2", "((Not 1) Equal 2)")]
    [InlineData("a and b or c", "((a And b) Or c)")]
    [InlineData("1+2 in [3]", "((1 Add 2) In [3])")]
    [InlineData("1 if False else 2 if True else 3", "((1 if False else 2) if True else 3)")]
    [InlineData("a == b and c < d", "((a Equal b) And (c Less d))")]
    [InlineData("f(x)[0]", "f<x>[0]")]
    [InlineData("-f(x)", "(Negate f<x>)")]
    [InlineData("round(x)^2", "((Round x) Power 2)")]
    [InlineData("2^-1", "(2 Power (Negate 1))")]
    [InlineData("indicator(tokens==\"a\")", "(Indicator (tokens Equal \"a\"))")]
    [InlineData("select(indices, indices, !=)", "select(indices, indices, NotEqual)")]
    [InlineData("aggregate(s, v, 0)", "aggregate(s, v, 0)")]
    [InlineData("[x*2 for x in range(3)]", "[(x Multiply 2) for x in range(3)]")]
    [InlineData("{k: v for k, v in zip(a, b)}", "{k: v for k, v in zip(a, b)}")]
    [InlineData("{1: 2, \"a\": 3.5}", "{1: 2, \"a\": 3.5}")]
    [InlineData("len([])", "len([])")]
    [InlineData("\"a\" if indices%2==1 else tokens", "(\"a\" if ((indices Modulo 2) Equal 1) else tokens)")]
    public void PrecedenceFollowsRasp01(string text, string expected) => Assert.Equal(expected, Show.Expr(text));

    [Fact]
    public void StatementFormsParse()
    {
        var program = Parser.ParseProgram(new SourceText("t", """
            a = 1;
            a, b = 1, 2;
            def f(x, y) { z = x + y; return z, x; }
            for i in range(3) { a = a + i; }
            load "lib/other";
            draw(tokens, "abc");
            tokens;
            set example [1, 2]
            set s-op example "hey"
            show selector example
            examples off
            selector examples on
            full seq display on
            exit()
            """));
        Assert.Collection(program,
            s => Assert.Equal(["a"], Assert.IsType<AssignmentStatement>(s).Names),
            s => Assert.Equal(2, Assert.IsType<AssignmentStatement>(s).Values.Count),
            s =>
            {
                var def = Assert.IsType<DefStatement>(s);
                Assert.Equal(["x", "y"], def.Parameters);
                Assert.Single(def.Body);
                Assert.Equal(2, def.Returns.Count);
            },
            s => Assert.Single(Assert.IsType<ForStatement>(s).Body),
            s => Assert.Equal("lib/other", Assert.IsType<LoadStatement>(s).Path),
            s => Assert.NotNull(Assert.IsType<DrawStatement>(s).Input),
            s => Assert.IsType<ExpressionStatement>(s),
            s => Assert.Equal(ExampleTarget.Both, Assert.IsType<SetExampleStatement>(s).Target),
            s => Assert.Equal(ExampleTarget.SOp, Assert.IsType<SetExampleStatement>(s).Target),
            s => Assert.Equal(ExampleTarget.Selector, Assert.IsType<ShowExampleStatement>(s).Target),
            s => Assert.False(Assert.IsType<ExamplesSwitchStatement>(s).On),
            s => Assert.True(Assert.IsType<ExamplesSwitchStatement>(s).On),
            s => Assert.True(Assert.IsType<FullSeqDisplayStatement>(s).On),
            s => Assert.IsType<ExitStatement>(s));
    }

    [Fact]
    public void SpansPointAtTheSource()
    {
        var program = Parser.ParseProgram(new SourceText("f.rasp", "a = 1;\n  b = a + 2;"));
        var second = Assert.IsType<AssignmentStatement>(program[1]);
        Assert.Equal(new Glassbox.Rasp.SourceSpan("f.rasp", 2, 3, 10), second.Span);
        Assert.Equal("f.rasp:2:7", second.Values[0].Span.ToString());
    }

    [Fact]
    public void RecoveryGoesOnAfterABadStatement()
    {
        var parser = new Parser(new SourceText("t", "a = 1 2;\nb = $;\ndef f(x) { y = ; return x; }\nc = 3;"));
        var errors = new List<RaspSyntaxError>();
        var good = new List<ScriptStatement>();
        while (!parser.AtEnd)
        {
            var s = parser.TryParseStatement(out var error);
            if (error is not null) errors.Add(error);
            if (s is not null) good.Add(s);
        }
        Assert.Equal([1, 2, 3], errors.Select(e => e.Span.Line));
        Assert.Equal(["c"], Assert.IsType<AssignmentStatement>(Assert.Single(good)).Names);
    }
}
