using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens;
using Glassbox.Tensors;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens logit-lens MODEL --input "…" [--json]</c>: the residual stream after every layer read out as the
/// model reads its last one, and the prediction it already makes at each position.
/// </summary>
internal static class LensLogitLensCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("logit-lens", "The logit lens: the prediction the residual stream already makes after each layer, at each position.");
        var source = LensOptions.AddTo(command);
        var input = LensOptions.AddInput(command);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var (model, opened) = source.Open(parse);
            var tokens = LensOptions.Tokens(model, opened, parse.GetValue(input)!);
            var labels = LensOptions.Columns(model, tokens);
            var columns = LensOptions.Positions(model, tokens, null);
            var lens = Attribution.LogitLens(model.Engine, tokens);
            var final = lens[^1];
            bool trained = model.Bundle is not null;
            var finalRows = columns.Select(c => LensModel.Predicted(final, c)).ToList();
            var layers = lens.Select((logits, l) =>
            {
                Tensor<double>? p = null;
                if (trained) { p = logits.Clone(); Kernels.SoftmaxColumns(p, p); }
                return new Dictionary<string, object?>
                {
                    ["after_layers"] = l,
                    ["stage"] = l == 0 ? "embeddings" : $"after layer {l - 1}",
                    ["predictions"] = columns.Select(c => model.Read(logits, c)).ToList(),
                    ["final_prediction_probability"] = p is null ? null : columns.Select((c, i) => LensCommand.Round(p[finalRows[i], c])).ToList(),
                };
            }).ToList();
            var stdout = parse.InvocationConfiguration.Output;
            var shown = columns.Select(c => labels[c]).ToList();
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.Title,
                    ["input"] = shown,
                    ["layers"] = layers,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{model.Title}: logit lens (each layer's residual read out as the final one is)" +
                (trained ? "; in brackets the probability of the final prediction" : ""));
            int width = Math.Max(6, layers.SelectMany(l => (List<string>)l["predictions"]!).Concat(shown).Max(s => s.Length) + (trained ? 7 : 0));
            stdout.WriteLine($"{"",-16}" + string.Concat(shown.Select(s => s.PadLeft(width + 1))));
            foreach (var l in layers)
            {
                var preds = (List<string>)l["predictions"]!;
                var probs = l["final_prediction_probability"] as List<double>;
                stdout.WriteLine($"{l["stage"],-16}" + string.Concat(preds.Select((s, i) => (probs is null ? s : $"{s} ({probs[i]:0.00})").PadLeft(width + 1))));
            }
            return CommandRunner.Ok;
        }));
        return command;
    }
}
