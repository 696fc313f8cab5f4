using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens.Compression;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox compress (--lib NAME | FILE --sop NAME | MODEL.gbx.json) (--dim d | --sweep) [--json] [--png FILE]
/// [--seed K] [--steps N]</c>: learns a projection of the residual stream to d dimensions (Tracr §5) and reports the
/// compressed model's accuracy against the evaluator.
/// </summary>
internal static class CompressCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dim = new Option<int?>("--dim") { Description = "The compressed residual width d (with --sweep: the smallest width tried)." };
        var sweep = new Option<bool>("--sweep") { Description = "Compress to every width from the full one down, stopping when the accuracy collapses." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: residual_dim, dim, accuracy, seconds (and sweep with --sweep)." };
        var png = new Option<string?>("--png") { Description = "Write a plot of accuracy against d (PNG)." };
        var seed = new Option<int>("--seed") { Description = "Seed for the minibatches, the initial projection and sampled inputs.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Adam steps per width.", DefaultValueFactory = _ => new CompressionOptions().Steps };
        var command = new Command("compress", "Learn a projection of a compiled model's residual stream to d dimensions (Tracr §5) and measure it against the evaluator.");
        var source = ModelSource.AddTo(command, "A .rasp script (with --sop) or a compiled model (*.gbx.json).");
        foreach (var o in new Option[] { dim, sweep, json, png, seed, steps }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var options = new CompressionOptions(Steps: parse.GetValue(steps), Seed: parse.GetValue(seed));
            options.Check();
            var d = parse.GetValue(dim);
            var isSweep = parse.GetValue(sweep);
            if (d is null && !isSweep) throw new UserError("say how far to compress: --dim d, or --sweep");
            var opened = source.Open(parse);
            var model = opened.RequireCompiled("glassbox compress");
            if (d is { } wanted && (wanted < 1 || wanted > model.ResidualDim))
                throw new UserError($"--dim must be between 1 and the residual width {model.ResidualDim}, not {wanted}");
            var reference = opened.Compilation is { } compilation
                ? CompressionReference.FromEvaluator(compilation, options.Seed)
                : CompressionReference.FromModel(model, options.Seed);

            var stdout = parse.InvocationConfiguration.Output;
            var quiet = parse.GetValue(json);
            IReadOnlyList<CompressionPoint> points = isSweep
                ? CompressionSweep.Run(model, reference, options, d ?? 1, p => { if (!quiet) stdout.WriteLine(Line(p)); })
                : [CompressionSweep.Measure(model, reference, d!.Value, options)];
            var best = isSweep
                ? CompressionSweep.Smallest(points)
                : points[0];
            if (parse.GetValue(png) is { } path) CompressionPlot.Write(opened.Title, model.ResidualDim, points, reference, path);

            if (quiet)
            {
                var result = new Dictionary<string, object?>
                {
                    ["program"] = opened.Title,
                    ["residual_dim"] = model.ResidualDim,
                    ["dim"] = best.Dim,
                    ["accuracy"] = Math.Round(best.Accuracy, 6),
                    ["seconds"] = Math.Round(points.Sum(p => p.Seconds), 2),
                    ["inputs"] = reference.Inputs.Count,
                    ["oracle"] = reference.Oracle,
                    ["exhaustive"] = reference.Exhaustive,
                    ["steps"] = options.Steps,
                    ["seed"] = options.Seed,
                };
                if (isSweep)
                    result["sweep"] = points.Select(p => new Dictionary<string, object?>
                    {
                        ["dim"] = p.Dim,
                        ["accuracy"] = Math.Round(p.Accuracy, 6),
                        ["seconds"] = Math.Round(p.Seconds, 2),
                        ["loss"] = p.FinalLoss,
                    }).ToList();
                stdout.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                if (!isSweep) stdout.WriteLine(Line(best));
                var where = $"{reference.Inputs.Count} {(reference.Exhaustive ? "exhaustive" : "sampled")} input(s), against the {reference.Oracle}";
                stdout.WriteLine(isSweep
                    ? $"{opened.Title}: residual {model.ResidualDim} → {best.Dim} at {best.Accuracy:P1} ({where}; smallest width with ≥ {CompressionSweep.LosslessAccuracy:P0})"
                    : $"{opened.Title}: residual {model.ResidualDim} → {best.Dim}: accuracy {best.Accuracy:P1} ({where})");
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static string Line(CompressionPoint p) =>
        $"d = {p.Dim,3}  accuracy {p.Accuracy,7:P1}  loss {p.FinalLoss,10:G4}  {p.Seconds,7:F1} s";
}
