using System.Text;

namespace Glassbox.Rasp.Syntax;

/// <summary>Formats messages about RASP text as <c>file:line:column: problem</c> plus a caret excerpt.</summary>
public static class Diagnostics
{
    /// <summary>
    /// <c>file:line:column: problem</c>, then the source line indented by two spaces, then a caret line under the
    /// column (tildes under the rest of the span when it is longer than one character).
    /// </summary>
    public static string Format(SourceText source, SourceSpan span, string problem)
    {
        var builder = new StringBuilder();
        builder.Append(span.File).Append(':').Append(span.Line).Append(':').Append(span.Column).Append(": ").Append(problem);
        var excerpt = Excerpt(source, span);
        if (excerpt.Length > 0) builder.Append('\n').Append(excerpt);
        return builder.ToString();
    }

    /// <summary>The source line of <paramref name="span"/> and a caret line under it, or "" when the line is empty.</summary>
    public static string Excerpt(SourceText source, SourceSpan span)
    {
        string line = source.LineText(span.Line);
        if (line.Trim().Length == 0) return "";
        var caret = new StringBuilder("  ");
        int column = Math.Clamp(span.Column, 1, line.Length + 1);
        for (int i = 0; i < column - 1; i++) caret.Append(line[i] == '\t' ? '\t' : ' ');
        caret.Append('^');
        int rest = Math.Min(span.Length, line.Length - column + 1) - 1;
        for (int i = 0; i < rest; i++) caret.Append('~');
        return "  " + line + "\n" + caret;
    }
}
