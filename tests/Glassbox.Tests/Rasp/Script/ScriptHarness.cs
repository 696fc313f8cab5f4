using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Script;

/// <summary>Runs script text in a fresh interpreter and returns what it printed.</summary>
internal static class ScriptHarness
{
    public static (List<string> Lines, Interpreter Interpreter) Run(string text, string? workingDirectory = null)
    {
        var output = new StringWriter();
        var interpreter = new Interpreter(output, workingDirectory);
        interpreter.Run(new SourceText("test.rasp", text));
        return (Lines(output.ToString()), interpreter);
    }

    public static List<string> Lines(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0).ToList();

    /// <summary>The result lines (<c>\t =  ...</c>) a script printed.</summary>
    public static List<string> Results(string text) =>
        Run(text).Lines.Where(l => l.StartsWith("\t =  ", StringComparison.Ordinal)).Select(l => l["\t =  ".Length..]).ToList();

    public static string ExamplesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples");
                if (File.Exists(Path.Combine(candidate, "paper_examples.rasp"))) return candidate;
            }
            throw new DirectoryNotFoundException("examples/paper_examples.rasp not found above the test binaries");
        }
    }
}
