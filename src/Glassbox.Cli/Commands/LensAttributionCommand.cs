using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens attribution MODEL --input "…" [--position P] [--target T] [--top K] [--json]</c>: direct logit
/// attribution — the predicted (or chosen) output logit at each position split exactly into what the embeddings,
/// every head, every attention bias and every MLP wrote; a compiled model's heads and MLPs are named by the s-op they
/// compute.
/// </summary>
internal static class LensAttributionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("attribution", "Direct logit attribution: each head's and MLP's share of the output logit at each position (exact: the shares sum to the logit).");
        var source = LensOptions.AddTo(command);
        var input = LensOptions.AddInput(command);
        var position = new Option<int?>("--position") { Description = "Only this input position (0-based, BOS not counted)." };
        var target = new Option<string?>("--target") { Description = "Explain the logit of this output (a value or token) instead of the predicted one." };
        var top = new Option<int>("--top") { Description = "Components printed per position, largest |share| first (text output; JSON lists all).", DefaultValueFactory = _ => 8 };
        foreach (var o in new Option[] { position, target, top }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var (model, opened) = source.Open(parse);
            if (Attribution.Unsupported(model.Engine) is { } why) throw new UserError($"'{model.Title}': {why}; the logit lens (lens logit-lens) reads it");
            var tokens = LensOptions.Tokens(model, opened, parse.GetValue(input)!);
            var labels = LensOptions.Columns(model, tokens);
            var logits = model.Engine.Forward(tokens);
            int? targetRow = null;
            if (parse.GetValue(target) is { } t)
            {
                targetRow = Enumerable.Range(0, logits.Rows).Where(r => model.LogitLabel(r) == t).Cast<int?>().FirstOrDefault()
                    ?? throw new UserError($"'{t}' is not an output of '{model.Title}'; outputs: {string.Join(", ", Enumerable.Range(0, logits.Rows).Select(model.LogitLabel).Distinct())}");
            }
            var columns = LensOptions.Positions(model, tokens, parse.GetValue(position));
            var targets = columns.Select(c => (Position: c, Logit: targetRow ?? LensModel.Predicted(logits, c))).ToList();
            var splits = Attribution.DirectLogitAttribution(model.Engine, tokens, targets);   // one forward pass for every column
            var rows = targets.Select((target, i) =>
            {
                var (c, row) = target;
                var parts = splits[i];
                return new Dictionary<string, object?>
                {
                    ["position"] = c - model.FirstInputColumn,
                    ["token"] = labels[c],
                    ["prediction"] = model.Read(logits, c),
                    ["logit_of"] = model.LogitLabel(row),
                    ["logit"] = LensCommand.Round(logits[row, c]),
                    ["contributions"] = parts.Select(p => new Dictionary<string, object?>
                    {
                        ["component"] = p.Component,
                        ["computes"] = model.ComponentComputes(p.Component),
                        ["value"] = LensCommand.Round(p.Value),
                    }).ToList(),
                };
            }).ToList();
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.Title,
                    ["input"] = labels,
                    ["positions"] = rows,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{model.Title} on [{string.Join(" ", labels)}]: direct logit attribution (the shares sum to the logit)");
            int k = Math.Max(1, parse.GetValue(top));
            foreach (var r in rows)
            {
                stdout.WriteLine($"position {r["position"]} ({r["token"]}): predicts {r["prediction"]}; logit of {r["logit_of"]} = {r["logit"]}");
                var parts = (List<Dictionary<string, object?>>)r["contributions"]!;
                foreach (var p in parts.Where(p => (double)p["value"]! != 0).OrderByDescending(p => Math.Abs((double)p["value"]!)).Take(k))
                    stdout.WriteLine($"    {p["value"],10:0.0000}  {p["component"]}{(p["computes"] is string s ? $" ({s})" : "")}");
            }
            return CommandRunner.Ok;
        }));
        return command;
    }
}
