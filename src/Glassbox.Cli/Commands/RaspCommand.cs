using System.CommandLine;
using Glassbox.Rasp.Repl;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox rasp [FILE]</c>: runs a RASP 0.1 script, or the interactive REPL.</summary>
internal static class RaspCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "A .rasp script to run (- for standard input). Without it: the REPL on a terminal, else the script on standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("rasp", "Run a RASP program like the RASP 0.1 REPL would, or start the interactive REPL.");
        command.Arguments.Add(file);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string? path = parse.GetValue(file);
            if (path is null && !Console.IsInputRedirected)
            {
                new ReplSession(new ConsoleLineEditor(), Console.Out).Run();
                return CommandRunner.Ok;
            }
            string name, text;
            if (path is null or "-")
            {
                name = "<stdin>";
                text = Console.In.ReadToEnd();
            }
            else
            {
                if (!File.Exists(path)) throw new UserError($"no such file: {path}");
                name = path;
                text = File.ReadAllText(path);
            }
            var interpreter = new Interpreter(output);
            interpreter.Run(new SourceText(name, text));
            if (interpreter.ErrorCount == 0) return CommandRunner.Ok;
            error.WriteLine($"error: {interpreter.ErrorCount} statement(s) of {name} failed (see the messages above)");
            return CommandRunner.UserFailure;
        }));
        return command;
    }
}
