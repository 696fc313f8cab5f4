using System.CommandLine;
using System.Text.Json;
using Glassbox.Looped.Fleq;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox fleq FILE</c>: runs a FLEQ program on the engine's function blocks and compares with exact arithmetic.</summary>
internal static class FleqCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "FLEQ program (.fleq)" };
        var exact = new Option<bool>("--exact") { Description = "run on exact float64 arithmetic only (the reference)" };
        var maxSteps = new Option<long>("--max-steps") { Description = "stop after this many instructions", DefaultValueFactory = _ => 100_000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object: halted, steps, memory, max_error, engine_passes" };
        var command = new Command("fleq", "Run a FLEQ program (function blocks on the engine) and measure its error against exact arithmetic.")
        {
            file, exact, maxSteps, json,
        };
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var program = FleqSource.Load(parse.GetValue(file)!);
            var limit = parse.GetValue(maxSteps);
            var reference = FleqMachine.Run(program, new ExactFleqArithmetic(), limit);
            FleqRun run = reference;
            long passes = 0;
            if (!parse.GetValue(exact))
            {
                var blocks = new FleqBlocks();
                run = FleqMachine.Run(program, new TransformerFleqArithmetic(blocks), limit);
                passes = blocks.Passes;
            }
            var errors = program.Names.Select((_, i) => run.Memory[i].Rows == reference.Memory[i].Rows && run.Memory[i].Cols == reference.Memory[i].Cols
                ? run.Memory[i].MaxAbsDifference(reference.Memory[i]) : double.PositiveInfinity).ToArray();
            var maxError = errors.DefaultIfEmpty(0).Max();
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    halted = run.Halted, steps = run.Steps,
                    memory = program.Names.Select((n, i) => new { name = n, rows = run.Memory[i].Rows, cols = run.Memory[i].Cols, values = run.Memory[i].Data.ToArray(), error = errors[i] }),
                    max_error = maxError, engine_passes = passes,
                }));
                return CommandRunner.Ok;
            }
            output.WriteLine($"{(run.Halted ? "halted" : "stopped")} after {run.Steps} instructions" +
                             (parse.GetValue(exact) ? " (exact arithmetic)" : $" ({passes} engine passes); max |error| vs exact = {maxError:G3}"));
            for (var i = 0; i < program.Names.Length; i++)
                output.WriteLine($"  {program.Names[i],-10} = {run.Memory[i]}" + (parse.GetValue(exact) ? "" : $"   (exact {reference.Memory[i]}, |error| {errors[i]:G3})"));
            return CommandRunner.Ok;
        }));
        return command;
    }
}
