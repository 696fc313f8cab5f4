using System.CommandLine;
using System.CommandLine.Help;
using Glassbox.Cli.Commands;

namespace Glassbox.Cli;

/// <summary>The subcommands of <c>glassbox</c>, one file each under Commands/.</summary>
internal static class CommandCatalog
{
    /// <summary>
    /// The <c>glassbox</c> root command with every subcommand attached (used by Program and by the tests). It is a
    /// plain command named <c>glassbox</c> with help and version options, not a <see cref="RootCommand"/>, whose name
    /// would be the assembly's (help's usage line would say <c>Glassbox.Cli</c>).
    /// </summary>
    public static Command CreateRoot()
    {
        var root = new Command("glassbox", "glassbox: run RASP programs, compile them to transformer weights, and look inside.")
        {
            Options = { new HelpOption(), new VersionOption() },
        };
        foreach (var command in All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Every subcommand, in the order <c>glassbox --help</c> lists them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RaspCommand.Create();
        yield return AnalyseCommand.Create();
        yield return CompileCommand.Create();
        yield return RunCommand.Create();
        yield return LensCommand.Create();
        yield return ViewCommand.Create();
        yield return TrainCommand.Create();
        yield return SampleCommand.Create();
        yield return SubleqCommand.Create();
        yield return FleqCommand.Create();
        yield return ExportCommand.Create();
        yield return CompressCommand.Create();
        yield return BenchCommand.Create();
        yield return ServeCommand.Create();
    }
}
