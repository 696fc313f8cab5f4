namespace Glassbox.Rasp.Syntax;

/// <summary>
/// The hand-written lexer for RASP 0.1 text. Longest match wins, so <c>example0</c> is a name, <c>select(</c> and
/// <c>selector</c> are keyword tokens, and <c>select (</c> (with a space) is the name <c>select</c> then <c>(</c>.
/// </summary>
public static class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["set"] = TokenKind.Set, ["selector"] = TokenKind.Selector, ["example"] = TokenKind.Example,
        ["show"] = TokenKind.Show, ["examples"] = TokenKind.Examples, ["on"] = TokenKind.On, ["off"] = TokenKind.Off,
        ["exit"] = TokenKind.Exit, ["quit"] = TokenKind.Quit, ["load"] = TokenKind.Load, ["draw"] = TokenKind.Draw,
        ["def"] = TokenKind.Def, ["for"] = TokenKind.For, ["in"] = TokenKind.In, ["return"] = TokenKind.Return,
        ["not"] = TokenKind.Not, ["and"] = TokenKind.And, ["or"] = TokenKind.Or, ["if"] = TokenKind.If,
        ["else"] = TokenKind.Else, ["round"] = TokenKind.Round, ["indicator"] = TokenKind.Indicator,
    };

    // Literal tokens that start with a letter and contain characters a name cannot.
    private static readonly (string Text, TokenKind Kind)[] WordLiterals =
    [
        ("full seq display", TokenKind.FullSeqDisplay), ("aggregate(", TokenKind.AggregateOpen),
        ("select(", TokenKind.SelectOpen), ("range(", TokenKind.RangeOpen), ("exit()", TokenKind.ExitCall),
        ("quit()", TokenKind.QuitCall), ("zip(", TokenKind.ZipOpen), ("len(", TokenKind.LenOpen),
        ("s-op", TokenKind.SOp),
    ];

    /// <summary>True when <paramref name="name"/> is lexed as a keyword (so it can never name a variable).</summary>
    public static bool IsKeyword(string name) => Keywords.ContainsKey(name);

    /// <summary>
    /// Splits <paramref name="source"/> into tokens, ending with one <see cref="TokenKind.EndOfInput"/>. Text that starts
    /// no token becomes an <see cref="TokenKind.Invalid"/> token that carries the problem, so the parser reports it
    /// at its position and a script can go on after it.
    /// </summary>
    public static List<Token> Tokenize(SourceText source)
    {
        var tokens = new List<Token>();
        string text = source.Text;
        int i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '#'))
            {
                if (text[i] == '#')
                    while (i < text.Length && text[i] != '\n') i++;
                else i++;
            }
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.EndOfInput, "", text.Length, source.Span(text.Length, 0)));
                return tokens;
            }
            int start = i;
            char c = text[i];
            TokenKind kind;
            if (IsNameStart(c))
            {
                int end = i + 1;
                while (end < text.Length && IsNamePart(text[end])) end++;
                kind = Keywords.TryGetValue(text[i..end], out var keyword) ? keyword : TokenKind.Identifier;
                foreach (var (literal, literalKind) in WordLiterals)
                {
                    if (literal.Length > end - i && string.CompareOrdinal(text, i, literal, 0, literal.Length) == 0)
                    {
                        end = i + literal.Length;
                        kind = literalKind;
                        break;
                    }
                }
                i = end;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                kind = TokenKind.Integer;
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    kind = TokenKind.Float;
                }
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"' && text[i] != '\n') i++;
                if (i >= text.Length || text[i] != '"')
                {
                    tokens.Add(new Token(TokenKind.Invalid, text[start..i], start, source.Span(start, i - start),
                        "unterminated string (a string ends with '\"' on the same line)"));
                    continue;
                }
                i++;
                kind = TokenKind.String;
            }
            else
            {
                char next = i + 1 < text.Length ? text[i + 1] : '\0';
                (kind, int length) = (c, next) switch
                {
                    ('=', '=') => (TokenKind.EqualEqual, 2),
                    ('!', '=') => (TokenKind.NotEqual, 2),
                    ('<', '=') => (TokenKind.LessEqual, 2),
                    ('>', '=') => (TokenKind.GreaterEqual, 2),
                    ('=', _) => (TokenKind.Assign, 1),
                    ('<', _) => (TokenKind.Less, 1),
                    ('>', _) => (TokenKind.Greater, 1),
                    ('(', _) => (TokenKind.LeftParen, 1),
                    (')', _) => (TokenKind.RightParen, 1),
                    ('[', _) => (TokenKind.LeftBracket, 1),
                    (']', _) => (TokenKind.RightBracket, 1),
                    ('{', _) => (TokenKind.LeftBrace, 1),
                    ('}', _) => (TokenKind.RightBrace, 1),
                    (',', _) => (TokenKind.Comma, 1),
                    (';', _) => (TokenKind.Semicolon, 1),
                    (':', _) => (TokenKind.Colon, 1),
                    ('+', _) => (TokenKind.Plus, 1),
                    ('-', _) => (TokenKind.Minus, 1),
                    ('*', _) => (TokenKind.Star, 1),
                    ('/', _) => (TokenKind.Slash, 1),
                    ('%', _) => (TokenKind.Percent, 1),
                    ('^', _) => (TokenKind.Caret, 1),
                    _ => (TokenKind.EndOfInput, 0),
                };
                if (length == 0)
                {
                    tokens.Add(new Token(TokenKind.Invalid, text[i..(i + 1)], i, source.Span(i, 1), UnexpectedCharacter(text, i)));
                    i++;
                    continue;
                }
                i += length;
            }
            tokens.Add(new Token(kind, text[start..i], start, source.Span(start, i - start)));
        }
    }

    private static string UnexpectedCharacter(string text, int i)
    {
        char c = text[i];
        if (c == '.')
            return "unexpected '.' (floats are written with digits on both sides of the point, like 0.5 or 1.0)";
        if (c == '\'')
            return "unexpected \"'\" (strings use double quotes)";
        if (c == '!')
            return "unexpected '!' (write not (a == b); '!=' exists only inside select(...))";
        return char.IsControl(c) ? $"unexpected character U+{(int)c:X4}" : $"unexpected character '{c}'";
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
