using System.CommandLine;
using System.Reflection;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox version</c>: prints the tool's version.</summary>
internal static class VersionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("version", "Print the Glassbox version.");
        command.SetAction(parse =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parse.InvocationConfiguration.Output.WriteLine($"glassbox {version}");
            return CommandRunner.Ok;
        });
        return command;
    }
}
