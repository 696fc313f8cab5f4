using System.Text;

namespace Glassbox.Rasp.Repl;

/// <summary>
/// A small line editor for an interactive terminal: left/right, Home/End (Ctrl-A/Ctrl-E), Backspace/Delete,
/// Ctrl-U/Ctrl-K to cut, up/down through the session's history, Ctrl-C to drop the line, Ctrl-D on an empty line
/// to leave. Redraws with ANSI escapes (supported by Linux, macOS and Windows 10+ terminals).
/// </summary>
public sealed class ConsoleLineEditor : ILineSource
{
    private readonly List<string> _history = [];

    /// <summary>The lines entered so far, oldest first (blank lines and repeats are not kept).</summary>
    public IReadOnlyList<string> History => _history;

    /// <inheritdoc/>
    public string? ReadLine(string prompt)
    {
        var line = new StringBuilder();
        int cursor = 0;
        int historyIndex = _history.Count;
        string pending = "";
        bool treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            Console.Write(prompt);
            return Edit(prompt, line, ref cursor, ref historyIndex, ref pending);
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }
    }

    private string? Edit(string prompt, StringBuilder line, ref int cursor, ref int historyIndex, ref string pending)
    {
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            bool control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    var text = line.ToString();
                    if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text)) _history.Add(text);
                    return text;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0: cursor--; break;
                case ConsoleKey.RightArrow when cursor < line.Length: cursor++; break;
                case ConsoleKey.Home: cursor = 0; break;
                case ConsoleKey.End: cursor = line.Length; break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    if (historyIndex == _history.Count) pending = line.ToString();
                    historyIndex--;
                    Replace(line, _history[historyIndex], ref cursor);
                    break;
                case ConsoleKey.DownArrow when historyIndex < _history.Count:
                    historyIndex++;
                    Replace(line, historyIndex == _history.Count ? pending : _history[historyIndex], ref cursor);
                    break;
                case ConsoleKey.A when control: cursor = 0; break;
                case ConsoleKey.E when control: cursor = line.Length; break;
                case ConsoleKey.U when control:
                    line.Remove(0, cursor);
                    cursor = 0;
                    break;
                case ConsoleKey.K when control:
                    line.Remove(cursor, line.Length - cursor);
                    break;
                case ConsoleKey.C when control:
                    Console.WriteLine("^C");
                    line.Clear();
                    cursor = 0;
                    Console.Write(prompt);
                    continue;
                case ConsoleKey.D when control:
                    if (line.Length == 0)
                    {
                        Console.WriteLine();
                        return null;
                    }
                    if (cursor < line.Length) line.Remove(cursor, 1);
                    break;
                default:
                    if (key.KeyChar >= ' ' && !control)
                        line.Insert(cursor++, key.KeyChar);
                    else if (key.KeyChar == '\t')
                    {
                        line.Insert(cursor, "    ");
                        cursor += 4;
                    }
                    break;
            }
            Redraw(prompt, line, cursor);
        }
    }

    private static void Replace(StringBuilder line, string text, ref int cursor)
    {
        line.Clear().Append(text);
        cursor = line.Length;
    }

    private static void Redraw(string prompt, StringBuilder line, int cursor)
    {
        var output = new StringBuilder("\r").Append(prompt).Append(line).Append("\u001b[K");
        int back = line.Length - cursor;
        if (back > 0) output.Append("\u001b[").Append(back).Append('D');
        Console.Write(output.ToString());
    }
}
