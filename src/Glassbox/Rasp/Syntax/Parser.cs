using System.Globalization;

namespace Glassbox.Rasp.Syntax;

/// <summary>
/// The recursive-descent parser for RASP 0.1 text. Precedence, tightest first: postfix calls and indexing; prefix
/// <c>not - +</c>; <c>round()</c>/<c>indicator()</c>; <c>^</c> (left-associative); <c>* /</c>; <c>%</c>; <c>+ -</c>;
/// comparisons; <c>and</c>/<c>or</c> (one level); the ternary; and, loosest, <c>in</c>.
/// </summary>
public sealed partial class Parser
{
    private readonly SourceText _source;
    private readonly List<Token> _tokens;
    private int _position;
    private int _previousEnd;
    private int _nesting;
    private int _prefixes;

    /// <summary>Lexes <paramref name="source"/> and prepares to parse it (lexer errors surface when the parser reaches them).</summary>
    public Parser(SourceText source)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source);
    }

    /// <summary>Parses a whole text into statements, stopping at the first error.</summary>
    public static IReadOnlyList<ScriptStatement> ParseProgram(SourceText source)
    {
        var parser = new Parser(source);
        var statements = new List<ScriptStatement>();
        while (!parser.AtEnd) statements.Add(parser.ParseStatement());
        return statements;
    }

    /// <summary>Parses one expression that must fill the whole text (used for REPL example values and tests).</summary>
    public static ScriptExpr ParseExpression(SourceText source)
    {
        var parser = new Parser(source);
        var expression = parser.Expression();
        if (!parser.AtEnd) throw parser.Error(parser.Current, $"unexpected {parser.Current.Describe()} after the expression");
        return expression;
    }

    /// <summary>True when every statement has been read.</summary>
    public bool AtEnd => _tokens[_position].Kind == TokenKind.EndOfInput;

    /// <summary>
    /// Parses the next statement; on a syntax error, returns the error and skips to just past the next top-level
    /// <c>;</c> or closing <c>}</c>, so a script can go on with the statement after the bad one.
    /// </summary>
    public ScriptStatement? TryParseStatement(out RaspSyntaxError? error)
    {
        int first = _position;
        _nesting = _prefixes = 0;
        try
        {
            error = null;
            return ParseStatement();
        }
        catch (RaspSyntaxError e)
        {
            error = e;
            int index = first, depth = 0;
            for (; index < _tokens.Count - 1; index++)
            {
                var kind = _tokens[index].Kind;
                if (kind == TokenKind.LeftBrace) depth++;
                else if (kind == TokenKind.RightBrace && --depth <= 0) { index++; break; }
                else if (kind == TokenKind.Semicolon && depth <= 0) { index++; break; }
            }
            _position = Math.Max(Math.Min(index, _tokens.Count - 1), first + 1 < _tokens.Count ? first + 1 : first);
            return null;
        }
    }

    /// <summary>Parses the next statement or REPL command.</summary>
    public ScriptStatement ParseStatement()
    {
        var start = Current;
        if (IsKeyword(start.Kind) && Peek(1).Kind == TokenKind.Assign)
            throw Error(start, $"'{start.Text}' is a keyword and cannot be used as a variable name");
        switch (start.Kind)
        {
            case TokenKind.Def: return Def();
            case TokenKind.For: return For();
            case TokenKind.Load:
            {
                Advance();
                var path = Expect(TokenKind.String, "a quoted file name after 'load'");
                ExpectSemicolon("load \"file\"");
                return new LoadStatement(path.Text[1..^1], SpanFrom(start));
            }
            case TokenKind.Draw:
            {
                Advance();
                Expect(TokenKind.LeftParen, "'(' after 'draw'");
                var sop = Expression();
                ScriptExpr? input = null;
                if (Accept(TokenKind.Comma)) input = Expression();
                Expect(TokenKind.RightParen, "')' to close draw(...)");
                ExpectSemicolon("draw(...)");
                return new DrawStatement(sop, input, SpanFrom(start));
            }
            case TokenKind.Return:
                throw Error(start, "'return' is only allowed as the last statement of a def body");
            case TokenKind.Set or TokenKind.Show or TokenKind.SOp or TokenKind.Selector or TokenKind.Examples
                or TokenKind.FullSeqDisplay or TokenKind.Exit or TokenKind.Quit or TokenKind.ExitCall or TokenKind.QuitCall:
                if (Peek(1).Kind == TokenKind.Comma && start.Kind != TokenKind.FullSeqDisplay)
                    throw Error(start, $"'{start.Text}' is a keyword and cannot be used as a variable name");
                return ReplCommand();
            case TokenKind.Identifier when Peek(1).Kind is TokenKind.Assign or TokenKind.Comma:
                return Assignment();
            default:
                var expression = Expression();
                ExpectSemicolon("the expression");
                return new ExpressionStatement(expression, SpanFrom(start));
        }
    }

    private AssignmentStatement Assignment()
    {
        var start = Current;
        var names = NameList("a variable name");
        Expect(TokenKind.Assign, "'=' after the names being assigned");
        var values = new List<ScriptExpr> { Expression() };
        while (Accept(TokenKind.Comma)) values.Add(Expression());
        ExpectSemicolon("the assignment");
        return new AssignmentStatement(names, values, SpanFrom(start));
    }

    private DefStatement Def()
    {
        var start = Advance();
        var name = ExpectName("a function name after 'def'");
        Expect(TokenKind.LeftParen, $"'(' after 'def {name}'");
        var parameters = new List<string>();
        if (Current.Kind != TokenKind.RightParen)
            parameters.AddRange(NameList("a parameter name"));
        Expect(TokenKind.RightParen, "')' to close the parameter list");
        Expect(TokenKind.LeftBrace, $"'{{' to open the body of {name}");
        var body = new List<ScriptStatement>();
        while (Current.Kind != TokenKind.Return)
        {
            if (Current.Kind == TokenKind.RightBrace)
                throw Error(Current, $"the body of {name} must end with 'return ...;' before its '}}'");
            if (Current.Kind == TokenKind.EndOfInput)
                throw Error(Current, $"expected 'return ...;' and '}}' to finish the body of {name}, found end of input");
            body.Add(ParseStatement());
        }
        Advance();
        var returns = new List<ScriptExpr> { Expression() };
        while (Accept(TokenKind.Comma)) returns.Add(Expression());
        ExpectSemicolon("the return");
        if (Current.Kind != TokenKind.RightBrace)
            throw Error(Current, $"'return' must be the last statement of {name}: expected '}}', found {Current.Describe()}");
        Advance();
        return new DefStatement(name, parameters, body, returns, SpanFrom(start));
    }

    private ForStatement For()
    {
        var start = Advance();
        var names = NameList("a loop variable name after 'for'");
        Expect(TokenKind.In, "'in' after the loop variable");
        var source = Expression();
        Expect(TokenKind.LeftBrace, "'{' to open the loop body");
        var body = new List<ScriptStatement>();
        while (Current.Kind != TokenKind.RightBrace)
        {
            if (Current.Kind == TokenKind.EndOfInput) throw Error(Current, "expected '}' to close the loop body, found end of input");
            body.Add(ParseStatement());
        }
        Advance();
        return new ForStatement(names, source, body, SpanFrom(start));
    }

    private ScriptStatement ReplCommand()
    {
        var start = Advance();
        ScriptStatement result;
        switch (start.Kind)
        {
            case TokenKind.Set:
            {
                var target = Target();
                Expect(TokenKind.Example, "'example' after 'set'");
                var example = Expression();
                result = new SetExampleStatement(target, example, SpanFrom(start));
                break;
            }
            case TokenKind.Show:
            {
                var target = Target();
                Expect(TokenKind.Example, "'example' after 'show'");
                result = new ShowExampleStatement(target, SpanFrom(start));
                break;
            }
            case TokenKind.SOp or TokenKind.Selector:
                Expect(TokenKind.Examples, $"'examples on' or 'examples off' after '{start.Text}'");
                result = new ExamplesSwitchStatement(start.Kind == TokenKind.SOp ? ExampleTarget.SOp : ExampleTarget.Selector, OnOff(), SpanFrom(start));
                break;
            case TokenKind.Examples:
                result = new ExamplesSwitchStatement(ExampleTarget.Both, OnOff(), SpanFrom(start));
                break;
            case TokenKind.FullSeqDisplay:
                result = new FullSeqDisplayStatement(OnOff(), SpanFrom(start));
                break;
            default:
                result = new ExitStatement(SpanFrom(start));
                break;
        }
        Accept(TokenKind.Semicolon); // RASP 0.1 rejects a ';' here; Glassbox allows it.
        return result;
    }

    private ExampleTarget Target()
    {
        if (Accept(TokenKind.SOp)) return ExampleTarget.SOp;
        if (Accept(TokenKind.Selector)) return ExampleTarget.Selector;
        return ExampleTarget.Both;
    }

    private bool OnOff()
    {
        if (Accept(TokenKind.On)) return true;
        Expect(TokenKind.Off, "'on' or 'off'");
        return false;
    }

    private List<string> NameList(string what)
    {
        var names = new List<string> { ExpectName(what) };
        while (Accept(TokenKind.Comma)) names.Add(ExpectName(what));
        return names;
    }

    // ---- token plumbing ----

    private Token Current
    {
        get
        {
            var token = _tokens[_position];
            if (token.Kind == TokenKind.Invalid) throw Error(token, token.Problem ?? "unexpected text");
            return token;
        }
    }

    private Token Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private Token Advance()
    {
        var token = Current;
        if (token.Kind == TokenKind.Invalid) throw Error(token, token.Problem ?? "unexpected text");
        if (token.Kind != TokenKind.EndOfInput) _position++;
        _previousEnd = token.Offset + token.Text.Length;
        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind == kind) return Advance();
        throw Error(Current, $"expected {what}, found {Current.Describe()}");
    }

    private string ExpectName(string what)
    {
        if (Current.Kind == TokenKind.Identifier) return Advance().Text;
        if (IsKeyword(Current.Kind))
            throw Error(Current, $"expected {what}, found the keyword '{Current.Text}' (keywords cannot be names)");
        throw Error(Current, $"expected {what}, found {Current.Describe()}");
    }

    private void ExpectSemicolon(string after)
    {
        if (Current.Kind == TokenKind.Semicolon) { Advance(); return; }
        throw Error(Current, $"missing ';' after {after}, found {Current.Describe()}");
    }

    private SourceSpan SpanFrom(Token start) => _source.Span(start.Offset, Math.Max(0, _previousEnd - start.Offset));

    private RaspSyntaxError Error(Token at, string problem) =>
        new(_source, at.Span with { Length = Math.Max(1, at.Text.Length) }, problem, at.Kind == TokenKind.EndOfInput);

    private static bool IsKeyword(TokenKind kind) => kind >= TokenKind.Set;

    private static double ParseFloat(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
