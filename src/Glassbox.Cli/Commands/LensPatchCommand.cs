using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens patch MODEL --input A --source B --hook NAME [--head H] [--position P] [--json]</c>: activation
/// patching — run A with the activation at one hook point (one head, one position, or all of it) taken from a run
/// on B, and compare the outputs of A, B and the patched run.
/// </summary>
internal static class LensPatchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("patch", "Activation patching: run --input with one hook point's activation taken from a run on --source; print the three outputs.");
        var options = LensOptions.AddTo(command);
        var input = LensOptions.AddInput(command);
        var from = LensOptions.AddInput(command, "--source", "The run to take the activation from (as long as --input).");
        var hook = new Option<string>("--hook") { Description = "Hook point, TransformerLens names: blocks.0.hook_resid_post, blocks.1.attn.hook_z, …", Required = true };
        var head = new Option<int?>("--head") { Description = "Only this head (per-head hook points: hook_q/k/v/z/result/pattern/attn_scores)." };
        var position = new Option<int?>("--position") { Description = "Only this input position (0-based, BOS not counted)." };
        foreach (var o in new Option[] { hook, head, position }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var (model, opened) = options.Open(parse);
            var target = LensOptions.Tokens(model, opened, parse.GetValue(input)!);
            var source = LensOptions.Tokens(model, opened, parse.GetValue(from)!);
            if (target.Length != source.Length)
                throw new UserError($"--input has {target.Length - model.FirstInputColumn} tokens and --source {source.Length - model.FirstInputColumn}; patching needs runs of one length");
            string name = parse.GetValue(hook)!.Trim();
            int h = parse.GetValue(head) ?? -1;
            var (sourceLogits, cache) = Patching.RunWithCache(model.Engine, source);
            if (!cache.Contains(name, h))
            {
                bool perHead = cache.HeadCount(name) > 0;
                throw new UserError(perHead && h < 0 ? $"hook point '{name}' is per head: give --head (0…{cache.HeadCount(name) - 1})"
                    : cache.Names.Contains(name) ? $"hook point '{name}' has no head {h}"
                    : $"'{model.Title}' has no hook point '{name}'; it has {string.Join(", ", cache.Names.Where(n => !n.Contains(".attn.")).Take(8))}, …");
            }
            var columns = LensOptions.Positions(model, target, parse.GetValue(position));
            var all = LensOptions.Positions(model, target, null);
            var clean = model.Engine.Forward(target);
            var patched = Patching.Patch(model.Engine, target, cache, name, h, parse.GetValue(position) is null ? null : columns);
            List<string> Read(Glassbox.Tensors.Tensor<double> logits) => all.Select(c => model.Read(logits, c)).ToList();
            var (a, b, p) = (Read(clean), Read(sourceLogits), Read(patched));
            var changed = Enumerable.Range(0, all.Count).Where(i => a[i] != p[i]).ToList();
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(options.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.Title,
                    ["hook"] = name,
                    ["head"] = h < 0 ? null : h,
                    ["positions"] = columns.Select(c => c - model.FirstInputColumn).ToList(),
                    ["input_output"] = a,
                    ["source_output"] = b,
                    ["patched_output"] = p,
                    ["changed_positions"] = changed,
                }));
                return CommandRunner.Ok;
            }
            string where = parse.GetValue(position) is { } pos ? $" at position {pos}" : "";
            stdout.WriteLine($"{model.Title}: {name}{(h < 0 ? "" : $" head {h}")}{where} patched from --source into --input");
            stdout.WriteLine($"  input   output [{string.Join(" ", a)}]");
            stdout.WriteLine($"  source  output [{string.Join(" ", b)}]");
            stdout.WriteLine($"  patched output [{string.Join(" ", p)}]  ({changed.Count} position(s) changed)");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
