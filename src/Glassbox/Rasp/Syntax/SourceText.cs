namespace Glassbox.Rasp.Syntax;

/// <summary>A piece of RASP text and the name it is reported under (a file path, or "console" for the REPL).</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    /// <summary>Wraps <paramref name="text"/>, reported as <paramref name="name"/>.</summary>
    public SourceText(string name, string text)
    {
        Name = name;
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = starts.ToArray();
    }

    /// <summary>The name used in diagnostics (file:line:column).</summary>
    public string Name { get; }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>The 1-based line and column of a character offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>A span that starts at <paramref name="offset"/> and covers <paramref name="length"/> characters.</summary>
    public SourceSpan Span(int offset, int length)
    {
        var (line, column) = Position(offset);
        return new SourceSpan(Name, line, column, length);
    }

    /// <summary>The text of the 1-based line <paramref name="line"/>, without its line break.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Text.Length;
        if (end > start && Text[end - 1] == '\r') end--;
        return Text[start..Math.Max(start, end)];
    }
}
