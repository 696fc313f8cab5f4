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
        var attention = new Option<string>("--attention") { Description = "hard (average over tied maxima) or softmax (transformer)", DefaultValueFactory = _ => "hard" };
        attention.AcceptOnlyFromAmong("hard", "softmax");
        var lambda = new Option<double>("--lambda") { Description = "softmax temperature λ (scores are multiplied by it)", DefaultValueFactory = _ => 10 };
        var sparse = new Option<bool>("--sparse") { Description = "sparse hard-attention path (each column attends to ≤ 2 columns) instead of the engine's dense path" };
        var trace = new Option<bool>("--trace") { Description = "print every step; with the transformer, compare every loop with the interpreter and stop at the first difference" };
        var maxSteps = new Option<long>("--max-steps") { Description = "stop after this many instructions", DefaultValueFactory = _ => 1_000_000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object: halted, steps, pc, memory" };
        var classic = new Option<bool>("--classic") { Description = "classic unified-memory SUBLEQ (interpreter only): the file gives 'bits' and 'mem'; halts when pc < 0" };
        var bench = new Option<bool>("--bench") { Description = "measure instructions/second of the interpreter, the engine and the sparse path on this program" };
        var printRaw = new Option<bool>("--print-raw") { Description = "print the assembled raw form and exit" };
        var command = new Command("subleq", "Run a SUBLEQ program on the reference interpreter or the looped transformer.")
        {
            file, engine, attention, lambda, sparse, precision, trace, maxSteps, json, classic, printRaw, bench,
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
            if (parse.GetValue(bench)) return Bench(program, parse.GetValue(json), output);
            var options = new SubleqRunOptions(parse.GetValue(engine) == "transformer", parse.GetValue(precision) == "float32",
                parse.GetValue(trace), limit, parse.GetValue(attention) == "softmax" ? parse.GetValue(lambda) : null, parse.GetValue(sparse));
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

    private static int Bench(SubleqProgram program, bool json, TextWriter output)
    {
        var layout = SubleqLayout.For(program);
        var results = SubleqBenchmark.Measure(program, 1.0);
        var baseline = results[0].PerSecond;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                m = layout.MemoryWords, n = layout.Columns, bits = layout.Bits, d = layout.Width,
                results = results.Select(r => new { path = r.Path, precision = r.Precision, per_second = Math.Round(r.PerSecond, 1), ratio_to_interpreter = r.PerSecond / baseline }),
            }));
            return CommandRunner.Ok;
        }
        output.WriteLine($"s=1 m={layout.MemoryWords} n={layout.Columns} N={layout.Bits} d={layout.Width} L={layout.AddressBits} ({Environment.ProcessorCount} cores)");
        output.WriteLine($"{"path",-12} {"precision",-9} {"instr/s",14} {"vs interpreter",15}   (per second of thread CPU time)");
        foreach (var r in results)
            output.WriteLine($"{r.Path,-12} {r.Precision,-9} {r.PerSecond,14:F1} {r.PerSecond / baseline,15:G3}");
        return CommandRunner.Ok;
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
