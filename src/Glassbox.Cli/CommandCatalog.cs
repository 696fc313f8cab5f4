using System.CommandLine;
using Glassbox.Cli.Commands;

namespace Glassbox.Cli;

/// <summary>The subcommands of <c>glassbox</c>, one file each under Commands/.</summary>
internal static class CommandCatalog
{
    /// <summary>Every subcommand, in the order <c>glassbox --help</c> lists them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RaspCommand.Create();
        yield return AnalyseCommand.Create();
        yield return CompileCommand.Create();
        yield return RunCommand.Create();
        yield return LensCommand.Create();
        yield return TrainCommand.Create();
        yield return SampleCommand.Create();
        yield return SubleqCommand.Create();
        yield return FleqCommand.Create();
    }
}
