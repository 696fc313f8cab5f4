using System.CommandLine;
using Glassbox.Cli;

var root = new RootCommand("glassbox: run RASP programs, compile them to transformer weights, and look inside.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CommandRunner.Run(root, args);
