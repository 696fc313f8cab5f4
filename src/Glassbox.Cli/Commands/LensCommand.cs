using System.CommandLine;
using System.Text.Json;
using Glassbox.Lens;
using Glassbox.Rasp;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens induction|decode|circuits|heads|attribution|logit-lens|patch</c>: look inside models.
/// <c>induction</c> trains attention-only models and finds induction heads; the others open a model through
/// <see cref="ModelSource"/>: a compiled program (<c>--lib NAME</c>, <c>FILE --sop NAME</c> with <c>--vocab</c>,
/// <c>--max-seq-len</c>, <c>--causal</c>), a saved <c>*.gbx.json</c>, or a trained <c>*.gbm</c> (all but <c>decode</c>).
/// </summary>
internal static class LensCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("lens", "Look inside models: induction heads, residual decoding, QK/OV circuits, head detectors, logit attribution, the logit lens, patching.");
        command.Subcommands.Add(LensInductionCommand.Create());
        command.Subcommands.Add(Decode());
        command.Subcommands.Add(CircuitsCommand());
        command.Subcommands.Add(Heads());
        command.Subcommands.Add(LensAttributionCommand.Create());
        command.Subcommands.Add(LensLogitLensCommand.Create());
        command.Subcommands.Add(LensPatchCommand.Create());
        return command;
    }

    private static Command Decode()
    {
        var command = new Command("decode", "Residual decoding: every s-op's value read off its named directions at every layer, beside the evaluator's.");
        var source = LensOptions.AddTo(command, "A .rasp script (with --sop) or a compiled model (*.gbx.json).");
        var input = LensOptions.AddInput(command);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var opened = source.Source.Open(parse);
            opened.RequireCompiled("lens decode");
            var decoder = LensOptions.Decoder(opened);
            var tokens = opened.ParseInput(parse.GetValue(input)!);
            var d = decoder.Decode(tokens);
            var stdout = parse.InvocationConfiguration.Output;
            string Seq(IEnumerable<Value> vs) => string.Join(" ", vs.Select(Show));
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = decoder.Model.ProgramName,
                    ["input"] = tokens.Select(Show).ToList(),
                    ["output"] = d.Output.Select(Show).ToList(),
                    ["evaluator_output"] = d.ExpectedOutput?.Select(Show).ToList(),
                    ["all_match"] = d.AllMatch,
                    ["stages"] = d.Stages.Select(st => new Dictionary<string, object?>
                    {
                        ["stage"] = st.Description,
                        ["hook"] = st.Hook,
                        ["sops"] = d.Readings.Where(r => r.Stage == st.Index).Select(r => new Dictionary<string, object?>
                        {
                            ["sop"] = r.Sop,
                            ["decoded"] = r.Decoded.Select(Show).ToList(),
                            ["evaluator"] = r.Expected?.Select(Show).ToList(),
                            ["match"] = r.Matches,
                        }).ToList(),
                    }).ToList(),
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{decoder.Model.ProgramName} on [{Seq(tokens)}]: output [{Seq(d.Output)}]" +
                (d.ExpectedOutput is null ? "" : $", evaluator [{Seq(d.ExpectedOutput)}]"));
            int width = Math.Max(8, decoder.Sops.Select(s => s.Label.Length).DefaultIfEmpty(8).Max());
            foreach (var st in d.Stages)
            {
                var rows = d.Readings.Where(r => r.Stage == st.Index).ToList();
                if (rows.Count == 0) continue;
                stdout.WriteLine($"-- {st.Description} ({st.Hook})");
                foreach (var r in rows)
                    stdout.WriteLine($"  {r.Sop.PadRight(width)}  {Seq(r.Decoded),-30}" +
                        (r.Expected is null ? "" : $"  evaluator {Seq(r.Expected),-30} {(r.Matches ? "ok" : "MISMATCH")}"));
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command CircuitsCommand()
    {
        var command = new Command("circuits", "QK and OV circuits of every head: ranks, singular values, copying scores, composition with earlier heads.");
        var source = LensOptions.AddTo(command);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var (model, _) = source.Open(parse);
            var circuits = new Circuits(model.Engine);
            var heads = circuits.AllHeads().ToList();
            int d = model.Engine.Embedding.Dimension;
            var rows = heads.Select(x =>
            {
                var (l, h) = x;
                var qk = circuits.QK(l, h);
                var ov = circuits.OV(l, h);
                var sq = qk.SingularValues();
                var so = ov.SingularValues();
                var comps = heads.Where(e => e.Layer < l).Select(e => new Dictionary<string, object?>
                {
                    ["from"] = $"{e.Layer}.{e.Head}",
                    ["q"] = Round(circuits.Composition(CompositionKind.Q, e.Layer, e.Head, l, h)),
                    ["k"] = Round(circuits.Composition(CompositionKind.K, e.Layer, e.Head, l, h)),
                    ["v"] = Round(circuits.Composition(CompositionKind.V, e.Layer, e.Head, l, h)),
                }).ToList();
                return new Dictionary<string, object?>
                {
                    ["head"] = $"{l}.{h}",
                    ["computes"] = model.HeadComputes(l, h),
                    ["qk_rank"] = Rank(sq),
                    ["qk_frobenius"] = Round(qk.FrobeniusNorm()),
                    ["qk_top_singular_values"] = sq.Take(3).Select(Round).ToList(),
                    ["ov_rank"] = Rank(so),
                    ["ov_frobenius"] = Round(ov.FrobeniusNorm()),
                    ["ov_top_singular_values"] = so.Take(3).Select(Round).ToList(),
                    ["ov_copying_score"] = Round(ov.CopyingScore()),
                    ["composition"] = comps,
                };
            }).ToList();
            var stdout = parse.InvocationConfiguration.Output;
            int dHead = model.Engine.Blocks.Blocks.FirstOrDefault(b => b.SelfAttention is not null)?.SelfAttention!.Heads[0].KeySize ?? 1;
            double baseline = Circuits.RandomBaseline(d, Math.Max(1, Math.Min(d, dHead)), samples: 10, seed: 1);
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.Title,
                    ["residual_dim"] = d,
                    ["composition_baseline"] = Round(baseline),
                    ["heads"] = rows,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{model.Title}: {heads.Count} head(s), residual {d}; W_QK = s·W_qᵀW_k, W_OV = W_o W_v (column convention); random composition baseline {baseline:F3}");
            foreach (var r in rows)
            {
                stdout.WriteLine($"head {r["head"]}{Computes(r)}: QK rank {r["qk_rank"]}, ‖·‖_F {r["qk_frobenius"]}; OV rank {r["ov_rank"]}, ‖·‖_F {r["ov_frobenius"]}, copying {r["ov_copying_score"]}");
                foreach (var c in (List<Dictionary<string, object?>>)r["composition"]!)
                    stdout.WriteLine($"    from {c["from"]}: Q {c["q"]}  K {c["k"]}  V {c["v"]}");
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Heads()
    {
        var command = new Command("heads", "Head detectors: previous-token, duplicate-token and induction scores on repeated random inputs.");
        var source = LensOptions.AddTo(command);
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs.", DefaultValueFactory = _ => 1 };
        command.Options.Add(seed);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var (model, _) = source.Open(parse);
            var (seqs, half) = model.RepeatedInputs(20, parse.GetValue(seed));
            var scores = HeadDetector.RepeatedScores(model.Engine, seqs, half, hasBos: model.FirstInputColumn == 1);
            var stdout = parse.InvocationConfiguration.Output;
            var rows = scores.Induction.SelectMany((r, l) => r.Select((_, h) => new Dictionary<string, object?>
            {
                ["head"] = $"{l}.{h}",
                ["computes"] = model.HeadComputes(l, h),
                ["previous_token"] = Round(scores.PreviousToken[l][h]),
                ["duplicate_token"] = Round(scores.DuplicateToken[l][h]),
                ["induction"] = Round(scores.Induction[l][h]),
            })).ToList();
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.Title,
                    ["segment_length"] = half,
                    ["sequences"] = seqs.Count,
                    ["heads"] = rows,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{model.Title}: scores on {seqs.Count} inputs [{(model.FirstInputColumn == 1 ? "BOS, " : "")}S, S] with |S| = {half}");
            foreach (var r in rows)
                stdout.WriteLine($"head {r["head"]}{Computes(r)}: previous-token {r["previous_token"]}, duplicate-token {r["duplicate_token"]}, induction {r["induction"]}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static string Computes(Dictionary<string, object?> row) => row["computes"] is string c ? $" ({c})" : "";

    private static int Rank(double[] s) => s.Count(x => x > 1e-9 * Math.Max(1, s.DefaultIfEmpty(0).Max()));

    internal static double Round(double x) => Math.Round(x, 4);

    private static string Show(Value v) => LensModel.Show(v);
}
