using System.CommandLine;
using System.Text.Json;
using Glassbox.Transformers;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Training;
using Spectre.Console;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox train --task T --arch A --layers L --heads H --d-model D --max-len N --vocab-size V --steps S --seed K
/// [--corpus FILE] [--json] [-o MODEL]</c>: trains a Formal-Algorithms transformer on a generated task or a text
/// corpus and reports held-out accuracy. With <c>--size-from-analysis</c> it runs the RASP paper's size experiment
/// instead (<see cref="TrainSizeFromAnalysis"/>).
/// </summary>
internal static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "copy, reverse, sort, hist, double_hist, most_freq, dyck1, dyck2 or text.", Required = true };
        var arch = new Option<string>("--arch") { Description = "encoder, decoder or encoder-decoder.", DefaultValueFactory = _ => "encoder" };
        var layers = new Option<int>("--layers") { Description = "Layers (an encoder-decoder gets this many in each stack).", DefaultValueFactory = _ => 2 };
        var heads = new Option<int>("--heads") { Description = "Attention heads per layer.", DefaultValueFactory = _ => 1 };
        var dModel = new Option<int>("--d-model") { Description = "Residual width d_e.", DefaultValueFactory = _ => 64 };
        var dMlp = new Option<int>("--d-mlp") { Description = "MLP hidden width (default 4·d_model).", DefaultValueFactory = _ => 0 };
        var maxLen = new Option<int>("--max-len") { Description = "Longest task input (text: the context length).", DefaultValueFactory = _ => 8 };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Number of input symbols of number tasks.", DefaultValueFactory = _ => 8 };
        var steps = new Option<int>("--steps") { Description = "Training steps (minibatches).", DefaultValueFactory = _ => 2000 };
        var batch = new Option<int>("--batch") { Description = "Sequences per minibatch.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (Adam, warm-up then cosine decay).", DefaultValueFactory = _ => 1e-3 };
        var norm = new Option<string?>("--norm") { Description = "Layer-norm placement: pre, post or none (default: the paper's for the architecture)." };
        var activation = new Option<string>("--activation") { Description = "MLP activation: relu (default, fast), gelu or gelu-tanh.", DefaultValueFactory = _ => "relu" };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, data and held-out set.", DefaultValueFactory = _ => 1 };
        var corpus = new Option<string?>("--corpus") { Description = "Text file for --task text." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer of --task text: char or bpe (trained on the training split).", DefaultValueFactory = _ => "char" };
        var merges = new Option<int>("--merges") { Description = "BPE merges for --tokenizer bpe.", DefaultValueFactory = _ => 200 };
        var target = new Option<double?>("--target") { Description = "Stop early once held-out accuracy reaches this (e.g. 0.995)." };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate (and checkpoint) every N steps.", DefaultValueFactory = _ => 250 };
        var heldOut = new Option<int>("--held-out") { Description = "Held-out examples for the accuracy.", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: task, arch, layers, heads, d_model, steps, seconds, train_loss, accuracy, …" };
        var sizeFromAnalysis = new Option<bool>("--size-from-analysis")
        {
            Description = "The RASP paper's size experiment: train with the layers and heads the task's RASP program needs, then one layer fewer, one head fewer, and one layer fewer but twice as wide; print the accuracies side by side.",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the trained model (checkpointed at every evaluation) to this file (*.gbm)." };
        var command = new Command("train", "Train a transformer (Formal Algorithms) on a generated task or a text corpus and report held-out accuracy.");
        foreach (var o in new Option[] { task, arch, layers, heads, dModel, dMlp, maxLen, vocabSize, steps, batch, lr, norm, activation, seed, corpus, tokenizer, merges, target, evalEvery, heldOut, json, sizeFromAnalysis, output })
            command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var kind = TaskNames.Parse(parse.GetValue(task)!);
            string? corpusText = null;
            if (parse.GetValue(corpus) is { } corpusPath)
            {
                if (!File.Exists(corpusPath)) throw new UserError($"corpus file '{corpusPath}' does not exist");
                corpusText = File.ReadAllText(corpusPath);
            }
            var spec = new TaskTrainingSpec
            {
                Task = kind,
                Architecture = TaskTraining.ParseArchitecture(parse.GetValue(arch)!),
                Layers = parse.GetValue(layers),
                Heads = parse.GetValue(heads),
                DModel = parse.GetValue(dModel),
                DMlp = parse.GetValue(dMlp),
                MaxLength = parse.GetValue(maxLen),
                VocabSize = parse.GetValue(vocabSize),
                Seed = parse.GetValue(seed),
                Norm = ParseNorm(parse.GetValue(norm)),
                Activation = parse.GetValue(activation)!.Trim().ToLowerInvariant() switch
                {
                    "relu" => Activation.Relu,
                    "gelu" => Activation.Gelu,
                    "gelu-tanh" or "gelu_tanh" => Activation.GeluTanh,
                    var a => throw new UserError($"unknown --activation '{a}'; choose relu, gelu or gelu-tanh"),
                },
                HeldOut = parse.GetValue(heldOut),
                Corpus = corpusText,
                Tokenizer = parse.GetValue(tokenizer)!,
                Merges = parse.GetValue(merges),
                Options = new TrainingOptions
                {
                    Steps = parse.GetValue(steps),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    EvaluateEvery = parse.GetValue(evalEvery),
                    TargetAccuracy = parse.GetValue(target),
                },
            };
            if (spec.HeldOut < 1) throw new UserError("--held-out must be ≥ 1");
            var path = parse.GetValue(output);
            if (parse.GetValue(sizeFromAnalysis))
                return TrainSizeFromAnalysis.Run(parse, spec, parse.GetValue(json),
                    parse.GetResult(layers) is { Implicit: false } || parse.GetResult(heads) is { Implicit: false }, path);
            bool interactive = !parse.GetValue(json) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            (ModelBundle Bundle, TaskTrainingReport Report)? result = null;
            if (interactive)
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var bar = ctx.AddTask("training", maxValue: spec.Options.Steps);
                        result = TaskTraining.Run(spec, p =>
                        {
                            bar.Value = p.Step;
                            bar.Description = $"loss {p.Loss:F4}  {p.TokensPerSecond:N0} tok/s" + (p.Accuracy is { } a ? $"  held-out {a:P1}" : "");
                        }, path);
                        bar.Value = bar.MaxValue;
                    });
            }
            else
            {
                result = TaskTraining.Run(spec, null, path);
            }
            var run = result ?? throw new InvalidOperationException("training did not run");
            if (path is not null) TrainedModelFile.Save(run.Bundle, path);
            var r = run.Report;
            if (parse.GetValue(json))
            {
                var fields = new Dictionary<string, object?>
                {
                    ["task"] = r.Task, ["arch"] = r.Arch, ["layers"] = r.Layers, ["heads"] = r.Heads, ["d_model"] = r.DModel,
                    ["steps"] = r.Steps, ["seconds"] = Math.Round(r.Seconds, 2), ["train_loss"] = Math.Round(r.TrainLoss, 6),
                    ["accuracy"] = Math.Round(r.Accuracy, 6), ["tokens_per_second"] = Math.Round(r.TokensPerSecond), ["parameters"] = r.Parameters,
                };
                if (r.HeldOutLoss is { } hl) fields["held_out_loss"] = Math.Round(hl, 6);
                if (r.UnigramLoss is { } ul) fields["unigram_loss"] = Math.Round(ul, 6);
                stdout.WriteLine(JsonSerializer.Serialize(fields));
            }
            else
            {
                stdout.WriteLine($"{r.Task} / {r.Arch}: {r.Layers} layer(s) × {r.Heads} head(s), d_model {r.DModel}, {r.Parameters:N0} parameters");
                stdout.WriteLine($"{r.Steps} steps in {r.Seconds:F1} s ({r.TokensPerSecond:N0} tokens/s), train loss {r.TrainLoss:F4}");
                if (r.HeldOutLoss is { } hl)
                    stdout.WriteLine($"held-out loss {hl:F4} nats/token (unigram baseline {r.UnigramLoss:F4}), next-token accuracy {r.Accuracy:P2}");
                else
                    stdout.WriteLine($"held-out sequence accuracy {r.Accuracy:P2} ({spec.HeldOut} examples)");
                if (path is not null) stdout.WriteLine($"model written to {path}");
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static NormPlacement? ParseNorm(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "pre" => NormPlacement.Pre,
        "post" => NormPlacement.Post,
        "none" => NormPlacement.None,
        _ => throw new UserError($"unknown --norm '{s}'; choose pre, post or none"),
    };
}
