using Glassbox.Rasp;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Script;

/// <summary>The interpreter's hooks for hosts (the page): every reported error reaches the observer, and load can be turned off.</summary>
public sealed class InterpreterHooksTests
{
    [Fact]
    public void EveryReportedErrorReachesTheObserverWithItsPlace()
    {
        var seen = new List<UserError>();
        var interpreter = new Interpreter(TextWriter.Null) { ErrorReported = seen.Add };
        interpreter.Run(new SourceText("p.rasp", "x = tokens;\ny = x +;\nz = nowhere;\n"));
        Assert.Equal(2, interpreter.ErrorCount);
        Assert.Equal(2, seen.Count);
        Assert.Equal(2, Assert.IsType<RaspSyntaxError>(seen[0]).Span.Line);
        var undefined = Assert.IsType<RaspScriptError>(seen[1]);
        Assert.Equal((3, 5), (undefined.Span!.Line, undefined.Span.Column));
    }

    [Fact]
    public void LoadCanBeTurnedOffAndSaysSo()
    {
        var folder = Directory.CreateTempSubdirectory("glassbox-hooks-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "helper.rasp"), "answer = 42;\n");
            var output = new StringWriter();
            var off = new Interpreter(output, folder.FullName) { AllowLoad = false };
            off.Run(new SourceText("p.rasp", "load \"helper\";\n"));
            Assert.Equal(1, off.ErrorCount);
            Assert.Null(off.Lookup("answer"));
            Assert.Contains("p.rasp:1:1: load \"helper\" is turned off here", output.ToString());

            var on = new Interpreter(TextWriter.Null, folder.FullName);
            on.Run(new SourceText("p.rasp", "load \"helper\";\n"));
            Assert.Equal(0, on.ErrorCount);
            Assert.NotNull(on.Lookup("answer"));
        }
        finally { folder.Delete(recursive: true); }
    }
}
