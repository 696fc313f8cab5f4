using System.CommandLine;
using Glassbox.Cli;

namespace Glassbox.Tests;

public class CliExitCodeTests
{
    private static (int Code, string Out, string Err) Run(Command root, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandRunner.Run(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static RootCommand RootThatThrows(Exception e)
    {
        var root = new RootCommand();
        var c = new Command("boom");
        c.SetAction(new Func<ParseResult, int>(_ => throw e));
        root.Subcommands.Add(c);
        return root;
    }

    [Fact]
    public void UserErrorExitsOneWithMessageAndNoStackTrace()
    {
        var (code, _, err) = Run(RootThatThrows(new UserError("bad.rasp:3:7: unknown token '$'")), "boom");
        Assert.Equal(CommandRunner.UserFailure, code);
        Assert.Contains("bad.rasp:3:7", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void OtherExceptionsExitTwo()
    {
        var (code, _, err) = Run(RootThatThrows(new InvalidOperationException("invariant broken")), "boom");
        Assert.Equal(CommandRunner.InternalFailure, code);
        Assert.Contains("internal error", err);
    }

    [Fact]
    public void UnknownOptionIsAUserError()
    {
        var root = new RootCommand();
        root.Subcommands.Add(new Command("x"));
        var (code, _, _) = Run(root, "x", "--no-such-option");
        Assert.Equal(CommandRunner.UserFailure, code);
    }

    /// <summary>Help names the command as users type it (not the assembly, Glassbox.Cli), at the top and in subcommands.</summary>
    [Fact]
    public void HelpCallsTheCommandGlassbox()
    {
        var (code, output, _) = Run(CommandCatalog.CreateRoot(), "--help");
        Assert.Equal(CommandRunner.Ok, code);
        Assert.Contains("  glassbox [command] [options]", output);
        Assert.DoesNotContain("Glassbox.Cli", output);
        var (_, compileHelp, _) = Run(CommandCatalog.CreateRoot(), "compile", "--help");
        Assert.Contains("  glassbox compile [<FILE>] [options]", compileHelp);
    }
}
