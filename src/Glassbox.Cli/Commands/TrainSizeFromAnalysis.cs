using System.CommandLine;
using System.Text.Json;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Training;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox train --task T --size-from-analysis</c>: the RASP paper's size experiment (<see cref="SizeExperiment"/>),
/// printed as a table of configurations and accuracies, or with <c>--json</c> as one object with one row per configuration.
/// </summary>
internal static class TrainSizeFromAnalysis
{
    /// <summary>Runs the experiment for <paramref name="spec"/> and prints it; <paramref name="layersOrHeadsGiven"/> means the user also asked for a shape.</summary>
    public static int Run(ParseResult parse, TaskTrainingSpec spec, bool json, bool layersOrHeadsGiven, string? outputPath)
    {
        if (layersOrHeadsGiven) throw new UserError("--size-from-analysis takes the layers and heads from the program's analysis: drop --layers/--heads");
        if (outputPath is not null) throw new UserError("--size-from-analysis trains several models and saves none: drop --output");
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var program = TaskPrograms.For(spec.Task, spec.MaxLength);
        if (!json)
            stdout.WriteLine($"{TaskNames.Name(spec.Task)}: RASP program {program.Name}, max length {spec.MaxLength}, " +
                $"{spec.VocabSize} symbols, {spec.Options.Steps} steps × {spec.Options.BatchSize}, seed {spec.Seed}");
        bool live = !json && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var result = SizeExperiment.Run(spec, !live ? null : (c, p) =>
            stderr.Write($"\r  {c.Name}: step {p.Step}/{p.Steps}, loss {p.Loss:F3}" + (p.Accuracy is { } acc ? $", held-out {acc:P1}   " : "   ")));
        var a = result.Analysis;
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["task"] = TaskNames.Name(spec.Task),
                ["program"] = result.Program.Name,
                ["analysis_layers"] = a.Layers,
                ["analysis_heads"] = a.MaxHeads,
                ["heads_per_layer"] = a.HeadsPerLayer,
                ["max_len"] = spec.MaxLength,
                ["vocab_size"] = spec.VocabSize,
                ["seed"] = spec.Seed,
                ["rows"] = result.Runs.Select(r => new Dictionary<string, object?>
                {
                    ["config"] = r.Configuration.Name,
                    ["layers"] = r.Configuration.Layers,
                    ["heads"] = r.Configuration.Heads,
                    ["d_model"] = r.Configuration.DModel,
                    ["parameters"] = r.Report.Parameters,
                    ["steps"] = r.Report.Steps,
                    ["train_loss"] = Math.Round(r.Report.TrainLoss, 6),
                    ["accuracy"] = Math.Round(r.Report.Accuracy, 6),
                    ["seconds"] = Math.Round(r.Report.Seconds, 2),
                }).ToList(),
            }));
            return CommandRunner.Ok;
        }
        if (live) stderr.WriteLine();
        stdout.WriteLine($"analysis: {a.Layers} layer(s), heads per layer [{string.Join(", ", a.HeadsPerLayer)}], max {a.MaxHeads}");
        stdout.WriteLine($"{"configuration",-40} {"layers",6} {"heads",5} {"d_model",7} {"params",8} {"steps",6} {"loss",8} {"accuracy",9} {"seconds",8}");
        foreach (var r in result.Runs)
        {
            var (c, t) = (r.Configuration, r.Report);
            stdout.WriteLine($"{c.Description,-40} {c.Layers,6} {c.Heads,5} {c.DModel,7} {t.Parameters,8} {t.Steps,6} {t.TrainLoss,8:F4} {t.Accuracy,9:P1} {t.Seconds,8:F1}");
        }
        stdout.WriteLine($"accuracy is held-out sequence accuracy over {spec.HeldOut} inputs (every position right)");
        return CommandRunner.Ok;
    }
}
