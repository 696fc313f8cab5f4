namespace Glassbox.Rasp.Syntax;

/// <summary>The kinds of token in RASP 0.1 text. Keywords are lexer literals, never identifiers.</summary>
public enum TokenKind
{
    /// <summary>The end of the text.</summary>
    EndOfInput,
    /// <summary>Text that starts no token; its <see cref="Token.Problem"/> says why.</summary>
    Invalid,
    /// <summary>A name: letters, digits and underscores, not starting with a digit, and not a keyword.</summary>
    Identifier,
    /// <summary>An unsigned integer literal (<c>[0-9]+</c>).</summary>
    Integer,
    /// <summary>An unsigned float literal (<c>[0-9]+.[0-9]+</c>).</summary>
    Float,
    /// <summary>A double-quoted string without escapes.</summary>
    String,

    // Punctuation and operators.
    /// <summary><c>(</c></summary>
    LeftParen,
    /// <summary><c>)</c></summary>
    RightParen,
    /// <summary><c>[</c></summary>
    LeftBracket,
    /// <summary><c>]</c></summary>
    RightBracket,
    /// <summary><c>{</c></summary>
    LeftBrace,
    /// <summary><c>}</c></summary>
    RightBrace,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>:</c></summary>
    Colon,
    /// <summary><c>=</c></summary>
    Assign,
    /// <summary><c>==</c></summary>
    EqualEqual,
    /// <summary><c>!=</c> (only valid as the comparison argument of <c>select(</c>)</summary>
    NotEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterEqual,
    /// <summary><c>+</c></summary>
    Plus,
    /// <summary><c>-</c></summary>
    Minus,
    /// <summary><c>*</c></summary>
    Star,
    /// <summary><c>/</c></summary>
    Slash,
    /// <summary><c>%</c></summary>
    Percent,
    /// <summary><c>^</c> (power)</summary>
    Caret,

    // Multi-character literal tokens that include their parenthesis or spaces.
    /// <summary><c>aggregate(</c></summary>
    AggregateOpen,
    /// <summary><c>select(</c></summary>
    SelectOpen,
    /// <summary><c>range(</c></summary>
    RangeOpen,
    /// <summary><c>zip(</c></summary>
    ZipOpen,
    /// <summary><c>len(</c></summary>
    LenOpen,
    /// <summary><c>full seq display</c></summary>
    FullSeqDisplay,
    /// <summary><c>exit()</c></summary>
    ExitCall,
    /// <summary><c>quit()</c></summary>
    QuitCall,

    // Keywords.
    /// <summary><c>set</c></summary>
    Set,
    /// <summary><c>s-op</c></summary>
    SOp,
    /// <summary><c>selector</c></summary>
    Selector,
    /// <summary><c>example</c></summary>
    Example,
    /// <summary><c>show</c></summary>
    Show,
    /// <summary><c>examples</c></summary>
    Examples,
    /// <summary><c>on</c></summary>
    On,
    /// <summary><c>off</c></summary>
    Off,
    /// <summary><c>exit</c></summary>
    Exit,
    /// <summary><c>quit</c></summary>
    Quit,
    /// <summary><c>load</c></summary>
    Load,
    /// <summary><c>draw</c></summary>
    Draw,
    /// <summary><c>def</c></summary>
    Def,
    /// <summary><c>for</c></summary>
    For,
    /// <summary><c>in</c></summary>
    In,
    /// <summary><c>return</c></summary>
    Return,
    /// <summary><c>not</c></summary>
    Not,
    /// <summary><c>and</c></summary>
    And,
    /// <summary><c>or</c></summary>
    Or,
    /// <summary><c>if</c></summary>
    If,
    /// <summary><c>else</c></summary>
    Else,
    /// <summary><c>round</c></summary>
    Round,
    /// <summary><c>indicator</c></summary>
    Indicator,
}
