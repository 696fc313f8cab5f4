using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox compile (FILE --sop NAME | --lib NAME[:args]) --vocab a,b,c --max-seq-len N [--causal]
/// [--verify exhaustive|random:K] [--json] [--report] [-o MODEL]</c>: compiles a RASP program to transformer weights.
/// </summary>
internal static class CompileCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var verify = new Option<string?>("--verify") { Description = "Check the model on the engine against the evaluator: exhaustive, or random:K (seeded)." };
        var seed = new Option<int>("--seed") { Description = "Seed for --verify random:K.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the model's sizes and the verification." };
        var report = new Option<bool>("--report") { Description = "Print, per layer, what each head and MLP computes, and the residual labels." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the model to this file (*.gbx.json)." };
        var command = new Command("compile", "Compile a RASP program into transformer weights (exact, checked against the evaluator).");
        var source = ModelSource.AddTo(command, "A .rasp script that defines the s-op to compile (with --sop).");
        foreach (var o in new Option[] { verify, seed, json, report, output }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var compilation = source.Compile(parse);
            var title = compilation.Model.ProgramName;

            VerificationResult? check = null;
            double verifyMs = 0;
            if (parse.GetValue(verify) is { } mode)
            {
                var clock = Stopwatch.StartNew();
                check = Verify(compilation, mode, parse.GetValue(seed));
                verifyMs = clock.Elapsed.TotalMilliseconds;
            }
            if (parse.GetValue(output) is { } modelPath) ModelFile.Save(compilation.Model, modelPath);

            var stats = Diagnostics.Stats(compilation);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = title,
                    ["layers"] = stats.Layers,
                    ["heads"] = stats.Heads,
                    ["total_heads"] = stats.TotalHeads,
                    ["residual_dim"] = stats.ResidualDim,
                    ["mlp_hidden"] = stats.MlpHidden,
                    ["nonzero_params"] = stats.NonZeroParams,
                    ["verified_inputs"] = check?.Compared ?? 0,
                    ["undefined_inputs"] = check?.Undefined ?? 0,
                    ["mismatches"] = check?.Mismatches ?? 0,
                    ["compile_ms"] = Math.Round(stats.CompileMs, 2),
                    ["verify_ms"] = Math.Round(verifyMs, 2),
                }));
            }
            else
            {
                stdout.WriteLine($"{title}: {stats.Layers} layer(s), {stats.Heads} head(s) per layer ({stats.TotalHeads} total), residual {stats.ResidualDim}, MLP hidden [{string.Join(", ", stats.MlpHidden)}], {stats.NonZeroParams} non-zero weights, compiled in {stats.CompileMs:F1} ms");
                if (check is not null)
                    stdout.WriteLine($"verified on the engine: {check.Compared} input(s) compared, {check.Mismatches} mismatch(es){(check.Undefined > 0 ? $", {check.Undefined} input(s) where the evaluator gives no output" : "")} ({verifyMs:F0} ms)");
            }
            if (parse.GetValue(report)) stdout.Write(Diagnostics.Report(compilation));
            if (check is { Mismatches: > 0 })
            {
                var err = parse.InvocationConfiguration.Error;
                err.WriteLine($"internal error: the compiled model disagrees with the evaluator on {check.Mismatches} input(s); please report this:");
                foreach (var e in check.Examples) err.WriteLine("  " + e);
                return CommandRunner.InternalFailure;
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>Runs the chosen verification on the engine.</summary>
    private static VerificationResult Verify(Compilation c, string mode, int seed)
    {
        return Verifier.VerifyOnEngine(c, Verifier.Inputs(c.Options.Vocabulary, c.Options.MaxSeqLen, mode, seed));
    }
}
