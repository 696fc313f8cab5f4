namespace Glassbox.Rasp.Syntax;

/// <summary>One lexed token: its kind, its exact text and where it starts in the source.</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Offset, SourceSpan Span, string? Problem = null)
{
    /// <summary>How the token is named in an error message.</summary>
    public string Describe() => Kind == TokenKind.EndOfInput ? "end of input" : $"'{Text}'";
}
