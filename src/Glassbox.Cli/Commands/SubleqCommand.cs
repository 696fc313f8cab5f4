using System.CommandLine;
using System.Text.Json;
using Glassbox.Looped;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox subleq FILE</c>: runs a SUBLEQ program on the interpreter or on the looped transformer.</summary>
internal static class SubleqCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "SUBLEQ program (.subleq, raw or assembly form)" };
        var engine = new Option<string>("--engine") { Description = "interpreter or transformer", DefaultValueFactory = _ => "interpreter" };
        engine.AcceptOnlyFromAmong("interpreter", "transformer");
        var precision = new Option<string>("--precision") { Description = "float32 or float64 (transformer)", DefaultValueFactory = _ => "float64" };
        precision.AcceptOnlyFromAmong("float32", "float64");
        var trace = new Option<bool>("--trace") { Description = "print every step; with the transformer, compare every loop with the interpreter and stop at the first difference" };
        var maxSteps = new Option<long>("--max-steps") { Description = "stop after this many instructions", DefaultValueFactory = _ => 1_000_000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object: halted, steps, pc, memory" };
        var classic = new Option<bool>("--classic") { Description = "classic unified-memory SUBLEQ (interpreter only): the file gives 'bits' and 'mem'; halts when pc < 0" };
        var printRaw = new Option<bool>("--print-raw") { Description = "print the assembled raw form and exit" };
        var command = new Command("subleq", "Run a SUBLEQ program on the reference interpreter or the looped transformer.")
        {
            file, engine, precision, trace, maxSteps, json, classic, printRaw,
        };
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(file)!;
            var limit = parse.GetValue(maxSteps);
            if (limit < 0) throw new UserError("--max-steps must be ≥ 0");
            if (parse.GetValue(classic)) return RunClassic(path, limit, parse.GetValue(json), output);
            var program = SubleqSource.Load(path);
            if (parse.GetValue(printRaw))
            {
                output.Write(SubleqSource.ToRaw(program));
                return CommandRunner.Ok;
            }
            var options = new SubleqRunOptions(parse.GetValue(engine) == "transformer", parse.GetValue(precision) == "float32",
                parse.GetValue(trace), limit);
            var (run, divergence) = SubleqRunner.Run(program, options, parse.GetValue(json) ? null : output);
            if (divergence is not null)
            {
                output.WriteLine($"DIVERGENCE after step {divergence.Step}: {divergence.Detail}");
                output.WriteLine($"  interpreter: pc {divergence.Expected.Pc}, memory [{string.Join(", ", divergence.Expected.Memory)}]");
                if (divergence.Actual is { } a) output.WriteLine($"  transformer: pc {a.Pc}, memory [{string.Join(", ", a.Memory)}]");
                return CommandRunner.InternalFailure;
            }
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    halted = run!.Halted, steps = run.Final.Steps, pc = run.Final.Pc, memory = run.Final.Memory.ToArray(),
                }));
                return CommandRunner.Ok;
            }
            var final = run!.Final;
            output.WriteLine(run.Halted
                ? $"halted at EOF (pc {final.Pc}) after {final.Steps} steps"
                : $"stopped after {final.Steps} steps without halting (pc {final.Pc})");
            for (var i = 0; i < final.Memory.Length; i++)
                output.WriteLine($"  {i,4}  {program.CellName(i),-16} {final.Memory[i]}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static int RunClassic(string path, long limit, bool json, TextWriter output)
    {
        var program = SubleqSource.Load(path);
        var machine = new ClassicSubleq(program.Bits, program.Memory);
        var halted = machine.Run(limit);
        if (json)
            output.WriteLine(JsonSerializer.Serialize(new { halted, steps = machine.Steps, pc = machine.Pc, memory = machine.Memory.ToArray() }));
        else
            output.WriteLine($"{(halted ? "halted" : "stopped")} after {machine.Steps} steps (pc {machine.Pc}); memory [{string.Join(", ", machine.Memory.ToArray())}]");
        return CommandRunner.Ok;
    }
}
