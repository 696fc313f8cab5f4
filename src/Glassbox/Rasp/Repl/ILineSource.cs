namespace Glassbox.Rasp.Repl;

/// <summary>Where the REPL gets its lines: a terminal line editor, or any text reader.</summary>
public interface ILineSource
{
    /// <summary>Shows <paramref name="prompt"/> (if the source is interactive) and reads one line; null at end of input.</summary>
    string? ReadLine(string prompt);
}

/// <summary>Lines from a <see cref="TextReader"/> (a pipe, a file, a test), optionally echoing the prompt.</summary>
public sealed class TextLineSource(TextReader reader, TextWriter? promptWriter = null) : ILineSource
{
    /// <inheritdoc/>
    public string? ReadLine(string prompt)
    {
        promptWriter?.Write(prompt);
        return reader.ReadLine();
    }
}
