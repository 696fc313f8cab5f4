using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens induction --layers {1,2} [--seed K] [--steps S] [--png PATH] [--json]</c>: trains an
/// attention-only transformer on sequences with repeated random segments and reports its induction heads.
/// </summary>
internal static class LensInductionCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var layers = new Option<int>("--layers") { Description = "Attention-only layers (1 or 2).", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of weights and data.", DefaultValueFactory = _ => 1 };
        var defaults = new InductionSettings();
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => defaults.Steps };
        var dModel = new Option<int>("--d-model") { Description = "Residual width.", DefaultValueFactory = _ => defaults.DModel };
        var heads = new Option<int>("--heads") { Description = "Heads per layer.", DefaultValueFactory = _ => defaults.Heads };
        var vocab = new Option<int>("--vocab-size") { Description = "Ordinary tokens.", DefaultValueFactory = _ => defaults.Vocab };
        var context = new Option<int>("--context") { Description = "Context length (BOS included).", DefaultValueFactory = _ => defaults.Context };
        var batch = new Option<int>("--batch") { Description = "Sequences per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var evalLength = new Option<int>("--eval-length") { Description = "Segment length L of the [BOS, S, S] evaluation sequences.", DefaultValueFactory = _ => defaults.EvalLength };
        var png = new Option<string?>("--png") { Description = "Where to write the training-curve PNG (default induction-<L>l-seed<K>.png; 'none' for no file)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("induction", "Train attention-only models on repeated random segments and find induction heads (Olsson et al. 2022).");
        foreach (var o in new Option[] { layers, seed, steps, dModel, heads, vocab, context, batch, evalLength, png, json }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var settings = defaults with
            {
                Layers = parse.GetValue(layers), Seed = parse.GetValue(seed), Steps = parse.GetValue(steps), DModel = parse.GetValue(dModel),
                Heads = parse.GetValue(heads), Vocab = parse.GetValue(vocab), Context = parse.GetValue(context), BatchSize = parse.GetValue(batch),
                EvalLength = parse.GetValue(evalLength),
            };
            var stdout = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            var result = InductionExperiment.Run(settings, p =>
            {
                if (!asJson && p.MaxInductionScore is { } s) stdout.WriteLine($"step {p.Step,5}  loss {p.Loss:F4}  max induction score {s:F3}");
            });
            var path = parse.GetValue(png) ?? $"induction-{settings.Layers}l-seed{settings.Seed}.png";
            if (path != "none") TrainingCurvePlot.Write(result, path);
            if (asJson)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["layers"] = settings.Layers,
                    ["seed"] = settings.Seed,
                    ["steps"] = settings.Steps,
                    ["max_induction_score"] = LensCommand.Round(result.MaxInductionScore),
                    ["induction_heads"] = result.InductionHeads,
                    ["prev_token_heads"] = result.PrevTokenHeads,
                    ["loss_first_half"] = LensCommand.Round(result.LossFirstHalf),
                    ["loss_second_half"] = LensCommand.Round(result.LossSecondHalf),
                    ["k_composition"] = result.KComposition is { } k ? LensCommand.Round(k) : null,
                    ["composition_baseline"] = LensCommand.Round(result.CompositionBaseline),
                    ["induction_scores"] = result.Scores.Induction.Select(r => r.Select(LensCommand.Round).ToArray()).ToArray(),
                    ["prev_token_scores"] = result.Scores.PreviousToken.Select(r => r.Select(LensCommand.Round).ToArray()).ToArray(),
                    ["png"] = path == "none" ? null : Path.GetFullPath(path),
                    ["seconds"] = Math.Round(result.Seconds, 2),
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{settings.Layers}-layer attention-only model, seed {settings.Seed}, {settings.Steps} steps, {result.Seconds:F1} s");
            for (int l = 0; l < settings.Layers; l++)
                for (int h = 0; h < result.Scores.Induction[l].Length; h++)
                    stdout.WriteLine($"  head {l}.{h}: previous-token {result.Scores.PreviousToken[l][h]:F3}  induction {result.Scores.Induction[l][h]:F3}");
            stdout.WriteLine($"max induction score {result.MaxInductionScore:F3}; induction heads [{string.Join(", ", result.InductionHeads)}], previous-token heads [{string.Join(", ", result.PrevTokenHeads)}]");
            stdout.WriteLine($"loss on the first copy {result.LossFirstHalf:F3}, on the second copy {result.LossSecondHalf:F3} (ln V = {Math.Log(settings.Vocab):F3})");
            if (result.KComposition is { } kc) stdout.WriteLine($"K-composition previous-token → induction head {kc:F3} (random baseline {result.CompositionBaseline:F3})");
            if (path != "none") stdout.WriteLine($"training curve: {Path.GetFullPath(path)}");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
