namespace Glassbox.Rasp.Syntax;

/// <summary>
/// A lexer or parser error in RASP text. The message starts with file:line:column and ends with the source line and a
/// caret under the offending column.
/// </summary>
public sealed class RaspSyntaxError : UserError
{
    /// <summary>Creates the error for <paramref name="problem"/> at <paramref name="span"/> in <paramref name="source"/>.</summary>
    public RaspSyntaxError(SourceText source, SourceSpan span, string problem, bool atEndOfInput)
        : base(Diagnostics.Format(source, span, problem))
    {
        Span = span;
        Problem = problem;
        AtEndOfInput = atEndOfInput;
    }

    /// <summary>Where the problem is.</summary>
    public SourceSpan Span { get; }

    /// <summary>What is wrong, without the position or the excerpt.</summary>
    public string Problem { get; }

    /// <summary>True when the text ended before a statement was complete (the REPL then waits for more lines).</summary>
    public bool AtEndOfInput { get; }
}
