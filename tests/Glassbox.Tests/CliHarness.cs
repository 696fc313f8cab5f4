using Glassbox.Cli;

namespace Glassbox.Tests;

/// <summary>Runs the real <c>glassbox</c> command line in-process and captures its exit code and output.</summary>
internal static class CliHarness
{
    /// <summary>Runs <c>glassbox ARGS</c> as the installed tool would, with stdout and stderr captured.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandRunner.Run(CommandCatalog.CreateRoot(), args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
