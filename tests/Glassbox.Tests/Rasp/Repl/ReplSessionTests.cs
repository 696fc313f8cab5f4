using Glassbox.Rasp.Repl;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;
using Glassbox.Tests.Rasp.Script;

namespace Glassbox.Tests.Rasp.Repl;

public class ReplSessionTests
{
    private static (string Output, ReplSession Session) Drive(string input, bool banner = false)
    {
        var output = new StringWriter();
        var session = new ReplSession(new TextLineSource(new StringReader(input), output), output);
        session.Run(banner);
        return (output.ToString(), session);
    }

    [Fact]
    public void BannerPromptAndResult()
    {
        var (output, _) = Drive("reverse = aggregate(select(indices, length-indices-1, ==), tokens);\nreverse(\"abc\");\n", banner: true);
        Assert.StartsWith("Glassbox RASP", output);
        Assert.Contains("running example is: \"hello\"", output);
        Assert.Contains(">>      s-op: reverse\n \t Example: reverse(\"hello\") = [o, l, l, e, h] (strings)\n", output);
        Assert.Contains(">> \t =  [c, b, a] (strings)\n", output);
    }

    [Fact]
    public void MultiLineStatementsAccumulateWithContinuationPrompts()
    {
        var (output, session) = Drive("def f(x) {\n  y = x + 1;\n  return y;\n}\nf(2);\na = [1,\n2];\n");
        Assert.Contains(".. " + "  ", output);
        Assert.Contains("     console function: f(x)", output);
        Assert.Contains("    value: out =  3", output);
        Assert.Contains("     list: a = [1, 2]", output);
        Assert.Equal(0, session.Interpreter.ErrorCount);
    }

    [Fact]
    public void ErrorsNeverEndTheSession()
    {
        var (output, session) = Drive("foo;\nx = (1 + ;\nlength = 2;\naggregate(select(indices,indices,<), tokens);\nx = 5;\nx;\n");
        Assert.Equal(4, session.Interpreter.ErrorCount);
        Assert.Contains("\t Error: console:1:1: Undefined variable: foo", output);
        Assert.Contains("console:1:10", output);
        Assert.Contains("Cannot set reserved name: length", output);
        Assert.Contains("something went wrong:", output);
        Assert.Contains("    value: x =  5", output);
    }

    [Fact]
    public void ExitAndQuitEndTheSession()
    {
        foreach (var exit in new[] { "exit", "quit", "exit()", "quit()" })
        {
            var (output, session) = Drive($"a = 1;\n{exit}\nb = 2;\n");
            Assert.True(session.Interpreter.ExitRequested);
            Assert.DoesNotContain("value: b", output);
        }
    }

    [Fact]
    public void EndOfInputInsideAStatementReportsIt()
    {
        var (output, session) = Drive("def f(x) {\n  return x;\n");
        Assert.Equal(1, session.Interpreter.ErrorCount);
        Assert.Contains("end of input", output);
    }

    [Fact]
    public void RunningExampleCommands()
    {
        var (output, _) = Drive("set example \"hey\"\nshow example\nx = indices;\nexamples off\ny = indices;\nexamples on\nfull seq display on\nz = indices;\n");
        Assert.Contains("\ts-op example: \"hey\"\n\tselector example: \"hey\"", output);
        Assert.Contains(" \t Example: x(\"hey\") = [0, 1, 2] (ints)", output);
        Assert.Contains("     s-op: y\n>> ", output);
        Assert.Contains("\t\tinput:   h e y \t (strings)", output);
        Assert.Contains("\t\toutput:  0 1 2 \t (ints)", output);
    }

    [Fact]
    public void SeveralStatementsOnOneLineAllRun()
    {
        var (output, _) = Drive("a = 1; b = a + 1;\n");
        Assert.Contains("    value: a =  1", output);
        Assert.Contains("    value: b =  2", output);
    }

    [Fact]
    public void CommentAndBlankLinesAreIgnored()
    {
        var (output, session) = Drive("# a comment\n\n   \nx = 1; # trailing\n");
        Assert.Equal(0, session.Interpreter.ErrorCount);
        Assert.Contains("    value: x =  1", output);
    }

    [Theory]
    [InlineData("tour.rasp")]
    [InlineData("paper_examples.rasp")]
    public void TypingAFileLineByLinePrintsWhatRunningItPrints(string file)
    {
        var dir = ScriptHarness.ExamplesDirectory;
        var text = File.ReadAllText(Path.Combine(dir, file));
        var fileOutput = new StringWriter();
        var interpreter = new Interpreter(fileOutput, dir);
        interpreter.Run(new SourceText(file, text));
        Assert.Equal(0, interpreter.ErrorCount);

        var replOutput = new StringWriter();
        var session = new ReplSession(new TextLineSource(new StringReader(text)), replOutput, dir);
        session.Run(banner: false);
        Assert.Equal(0, session.Interpreter.ErrorCount);
        Assert.Equal(fileOutput.ToString(), replOutput.ToString());
    }
}
