using System.CommandLine;
using System.Text.Json;
using Glassbox.Looped.Fleq;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox fleq FILE</c>: runs a FLEQ program on the looped transformer (or the interpreter) and compares with exact arithmetic.</summary>
internal static class FleqCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "FLEQ program (.fleq)" };
        var engine = new Option<string>("--engine")
        {
            Description = "transformer (the looped FLEQ computer: every instruction on engine layers), blocks (the interpreter's control flow with the engine's function blocks) or interpreter (exact float64)",
            DefaultValueFactory = _ => "transformer",
        };
        engine.AcceptOnlyFromAmong("transformer", "blocks", "interpreter");
        var exact = new Option<bool>("--exact") { Description = "same as --engine interpreter" };
        var trace = new Option<bool>("--trace") { Description = "with the transformer: compare every loop with the exact interpreter (pc equal, cells within 1e-6 relative) and stop at the first difference" };
        var maxSteps = new Option<long>("--max-steps") { Description = "stop after this many instructions", DefaultValueFactory = _ => 100_000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object: engine, halted, steps, memory, max_error, engine_passes, layers, width" };
        var command = new Command("fleq", "Run a FLEQ program on the looped transformer and measure its error against exact arithmetic.")
        {
            file, engine, exact, trace, maxSteps, json,
        };
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var program = FleqSource.Load(parse.GetValue(file)!);
            var limit = parse.GetValue(maxSteps);
            if (limit < 0) throw new UserError("--max-steps must be ≥ 0");
            var mode = parse.GetValue(exact) ? "interpreter" : parse.GetValue(engine)!;
            if (parse.GetValue(trace) && mode != "transformer")
                throw new UserError("--trace compares the looped transformer with the interpreter; use it with --engine transformer");
            var reference = FleqMachine.Run(program, new ExactFleqArithmetic(), limit);
            FleqRun run = reference;
            long passes = 0;
            (int Layers, int Width, int Columns)? size = null;
            if (mode == "blocks")
            {
                var blocks = new FleqBlocks();
                run = FleqMachine.Run(program, new TransformerFleqArithmetic(blocks), limit);
                passes = blocks.Passes;
            }
            else if (mode == "transformer")
            {
                var computer = new LoopedFleq(program);
                size = (computer.Weights.Layers.Length, computer.Weights.Width, computer.Layout.Columns);
                if (parse.GetValue(trace))
                {
                    if (!parse.GetValue(json))
                        output.WriteLine($"looped FLEQ computer: {size.Value.Layers} layers per loop, d = {size.Value.Width}, n = {size.Value.Columns}");
                    var divergence = computer.RunLockstep(new ExactFleqArithmetic(), limit, 1e-6, (machine, memory) =>
                    {
                        if (parse.GetValue(json)) return;
                        var pc = computer.Halted ? "EOF" : computer.Pc.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        output.WriteLine($"step {machine.Steps,5}: pc {pc}  = interpreter");
                    });
                    if (divergence is not null)
                    {
                        output.WriteLine($"DIVERGENCE after step {divergence.Step}: {divergence.Detail}");
                        return CommandRunner.InternalFailure;
                    }
                    run = new FleqRun(computer.Halted, computer.Steps, computer.Memory);
                }
                else run = computer.Run(limit);
                passes = run.Steps;
            }
            var errors = program.Names.Select((_, i) => run.Memory[i].Rows == reference.Memory[i].Rows && run.Memory[i].Cols == reference.Memory[i].Cols
                ? run.Memory[i].MaxAbsDifference(reference.Memory[i]) : double.PositiveInfinity).ToArray();
            var maxError = errors.DefaultIfEmpty(0).Max();
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    engine = mode, halted = run.Halted, steps = run.Steps,
                    memory = program.Names.Select((n, i) => new { name = n, rows = run.Memory[i].Rows, cols = run.Memory[i].Cols, values = run.Memory[i].Data.ToArray(), error = errors[i] }),
                    max_error = maxError, engine_passes = passes, layers = size?.Layers, width = size?.Width,
                }));
                return CommandRunner.Ok;
            }
            var how = mode switch
            {
                "interpreter" => " (exact arithmetic)",
                "blocks" => $" ({passes} function-block passes on the engine); max |error| vs exact = {maxError:G3}",
                _ => $" (looped transformer: {size!.Value.Layers} layers per loop, d = {size.Value.Width}, n = {size.Value.Columns}); max |error| vs exact = {maxError:G3}",
            };
            output.WriteLine($"{(run.Halted ? "halted" : "stopped")} after {run.Steps} instructions{how}");
            for (var i = 0; i < program.Names.Length; i++)
                output.WriteLine($"  {program.Names[i],-10} = {run.Memory[i]}" + (mode == "interpreter" ? "" : $"   (exact {reference.Memory[i]}, |error| {errors[i]:G3})"));
            return CommandRunner.Ok;
        }));
        return command;
    }
}
