using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Repl;

/// <summary>
/// The read-eval-print loop of RASP 0.1: prompt <c>&gt;&gt; </c>, lines accumulated (continuation prompt <c>.. </c>,
/// indented two spaces per open <c>def</c>) until they parse as complete statements, each statement run and printed
/// in RASP 0.1's formats. Errors are printed and never end the session; <c>exit</c>, <c>quit</c> or end of input do.
/// </summary>
public sealed class ReplSession
{
    private readonly ILineSource _lines;
    private readonly TextWriter _output;

    /// <summary>Creates a session reading from <paramref name="lines"/> and printing to <paramref name="output"/>.</summary>
    public ReplSession(ILineSource lines, TextWriter output, string? workingDirectory = null)
    {
        _lines = lines;
        _output = output;
        Interpreter = new Interpreter(output, workingDirectory);
    }

    /// <summary>The interpreter holding the session's variables and display settings.</summary>
    public Interpreter Interpreter { get; }

    /// <summary>Runs until exit or end of input.</summary>
    public void Run(bool banner = true)
    {
        if (banner)
        {
            _output.WriteLine("Glassbox RASP (the RASP 0.1 language). Leave with exit, quit or Ctrl-D.");
            _output.WriteLine($"running example is: {Interpreter.Settings.SOpExample}");
        }
        var buffer = new List<string>();
        while (!Interpreter.ExitRequested)
        {
            string prompt = buffer.Count == 0 ? ">> " : ".. " + new string(' ', 2 * OpenDefs(buffer));
            var line = _lines.ReadLine(prompt);
            if (line is null)
            {
                if (buffer.Count > 0) Submit(buffer, atEnd: true);
                break;
            }
            buffer.Add(line);
            if (Submit(buffer, atEnd: false)) buffer.Clear();
        }
    }

    /// <summary>
    /// Tries to run the accumulated lines. Returns false (keep reading) when they are an incomplete statement;
    /// otherwise runs or reports them and returns true.
    /// </summary>
    private bool Submit(List<string> buffer, bool atEnd)
    {
        var source = new SourceText("console", string.Join("\n", buffer));
        IReadOnlyList<ScriptStatement> statements;
        try
        {
            statements = Parser.ParseProgram(source);
        }
        catch (RaspSyntaxError error) when (error.AtEndOfInput && !atEnd)
        {
            return false;
        }
        catch (RaspSyntaxError error)
        {
            Interpreter.ReportError(error);
            return true;
        }
        foreach (var statement in statements)
        {
            try
            {
                Interpreter.RunStatement(statement);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in Glassbox, not in the user's input: say so, and keep the session (and its variables) alive.
                _output.WriteLine($"\t!! internal error (please report it): {e.GetType().Name}: {e.Message}");
            }
            if (Interpreter.ExitRequested) break;
        }
        return true;
    }

    private static int OpenDefs(List<string> buffer) =>
        Lexer.Tokenize(new SourceText("console", string.Join("\n", buffer))).Count(t => t.Kind == TokenKind.Def);
}
