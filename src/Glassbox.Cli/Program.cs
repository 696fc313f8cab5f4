using Glassbox.Cli;

return CommandRunner.Run(CommandCatalog.CreateRoot(), args);
