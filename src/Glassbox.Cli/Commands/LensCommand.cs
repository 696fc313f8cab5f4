using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Rasp.Script;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox lens induction|decode|circuits|heads</c>: look inside models. <c>induction</c> trains attention-only
/// models and finds induction heads; the others open a compiled program (<c>--lib NAME</c>, <c>FILE --sop NAME</c>
/// with <c>--vocab</c>, <c>--max-seq-len</c>, <c>--causal</c>, or a saved <c>*.gbx.json</c> model).
/// </summary>
internal static class LensCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("lens", "Look inside models: induction heads, residual decoding, QK/OV circuits, head detectors.");
        command.Subcommands.Add(LensInductionCommand.Create());
        command.Subcommands.Add(Decode());
        command.Subcommands.Add(CircuitsCommand());
        command.Subcommands.Add(Heads());
        return command;
    }

    private sealed record Source(Argument<string?> File, Option<string?> Sop, Option<string?> Lib, Option<string?> Vocab, Option<int?> MaxLen,
        Option<bool> Causal, Option<bool> Json)
    {
        public static Source AddTo(Command c)
        {
            var s = new Source(
                new Argument<string?>("FILE") { Description = "A .rasp script (with --sop) or a saved compiled model (*.gbx.json).", Arity = ArgumentArity.ZeroOrOne },
                new Option<string?>("--sop") { Description = "The s-op of FILE to compile." },
                new Option<string?>("--lib") { Description = "A library program, NAME or NAME:args." },
                new Option<string?>("--vocab") { Description = "Comma-separated input tokens (when compiling)." },
                new Option<int?>("--max-seq-len") { Description = "The longest input (when compiling)." },
                new Option<bool>("--causal") { Description = "Compile with a causal mask." },
                new Option<bool>("--json") { Description = "Print one JSON object." });
            c.Arguments.Add(s.File);
            foreach (var o in new Option[] { s.Sop, s.Lib, s.Vocab, s.MaxLen, s.Causal, s.Json }) c.Options.Add(o);
            return s;
        }

        /// <summary>The decoder (and compilation, unless a model file was given).</summary>
        public ResidualDecoder Load(ParseResult parse)
        {
            string? path = parse.GetValue(File), name = parse.GetValue(Sop), spec = parse.GetValue(Lib);
            if (path is not null && name is null && spec is null)
                return new ResidualDecoder(ModelFile.Load(path));
            SOp program;
            string title;
            int n = parse.GetValue(MaxLen) ?? throw new UserError("--max-seq-len is needed to compile the program");
            if (spec is not null)
            {
                if (path is not null || name is not null) throw new UserError("give either FILE --sop NAME or --lib NAME, not both");
                var entry = RaspLibrary.Resolve(spec, n);
                (program, title) = (entry.Program, entry.Spec);
            }
            else if (path is null || name is null) throw new UserError("say what to open: FILE --sop NAME, --lib NAME, or a saved MODEL.gbx.json");
            else (program, title) = (ScriptLoader.LoadSOp(path, name), name);
            var vocab = parse.GetValue(Vocab) ?? throw new UserError("--vocab is needed to compile the program");
            var items = vocab.Split(',').Select(t => t.Trim()).ToList();
            if (items.Any(t => t.Length == 0)) throw new UserError($"--vocab '{vocab}' has an empty token");
            var options = new CompileOptions(Value.ParseVocabulary(items), n, parse.GetValue(Causal));
            return new ResidualDecoder(RaspCompiler.Compile(program, options, title));
        }
    }

    private static Command Decode()
    {
        var command = new Command("decode", "Residual decoding: every s-op's value read off its named directions at every layer, beside the evaluator's.");
        var source = Source.AddTo(command);
        var input = new Option<string>("--input") { Description = "The input tokens, separated by spaces.", Required = true };
        command.Options.Add(input);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var decoder = source.Load(parse);
            var tokens = Value.ParseVocabulary(parse.GetValue(input)!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var vocabulary = decoder.Model.Vocabulary;
            tokens = tokens.Select(t => vocabulary.FirstOrDefault(v => v.Equals(t), t)).ToList();
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
        var source = Source.AddTo(command);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var decoder = source.Load(parse);
            var circuits = new Circuits(decoder.Engine);
            var heads = circuits.AllHeads().ToList();
            int d = decoder.Model.ResidualDim;
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
                    ["computes"] = decoder.Model.Layers[l].Heads[h].Name,
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
            int dHead = decoder.Engine.Blocks.Blocks.FirstOrDefault(b => b.SelfAttention is not null)?.SelfAttention!.Heads[0].KeySize ?? 1;
            double baseline = Circuits.RandomBaseline(d, Math.Max(1, Math.Min(d, dHead)), samples: 10, seed: 1);
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = decoder.Model.ProgramName,
                    ["residual_dim"] = d,
                    ["composition_baseline"] = Round(baseline),
                    ["heads"] = rows,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{decoder.Model.ProgramName}: {heads.Count} head(s), residual {d}; W_QK = s·W_qᵀW_k, W_OV = W_o W_v (column convention); random composition baseline {baseline:F3}");
            foreach (var r in rows)
            {
                stdout.WriteLine($"head {r["head"]} ({r["computes"]}): QK rank {r["qk_rank"]}, ‖·‖_F {r["qk_frobenius"]}; OV rank {r["ov_rank"]}, ‖·‖_F {r["ov_frobenius"]}, copying {r["ov_copying_score"]}");
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
        var source = Source.AddTo(command);
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs.", DefaultValueFactory = _ => 1 };
        command.Options.Add(seed);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var decoder = source.Load(parse);
            var model = decoder.Model;
            int half = model.MaxSeqLen / 2;
            if (half < 1) throw new UserError($"the model takes at most {model.MaxSeqLen} token(s); repeated sequences need at least 2");
            var seqs = HeadDetector.RepeatedSequences(20, half, 1, model.Vocabulary.Count + 1, CompiledModel.BosId, parse.GetValue(seed));
            var scores = HeadDetector.RepeatedScores(decoder.Engine, seqs, half, hasBos: true);
            var stdout = parse.InvocationConfiguration.Output;
            var rows = scores.Induction.SelectMany((r, l) => r.Select((_, h) => new Dictionary<string, object?>
            {
                ["head"] = $"{l}.{h}",
                ["computes"] = model.Layers[l].Heads[h].Name,
                ["previous_token"] = Round(scores.PreviousToken[l][h]),
                ["duplicate_token"] = Round(scores.DuplicateToken[l][h]),
                ["induction"] = Round(scores.Induction[l][h]),
            })).ToList();
            if (parse.GetValue(source.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = model.ProgramName,
                    ["segment_length"] = half,
                    ["sequences"] = seqs.Count,
                    ["heads"] = rows,
                }));
                return CommandRunner.Ok;
            }
            stdout.WriteLine($"{model.ProgramName}: scores on {seqs.Count} inputs [BOS, S, S] with |S| = {half}");
            foreach (var r in rows)
                stdout.WriteLine($"head {r["head"]} ({r["computes"]}): previous-token {r["previous_token"]}, duplicate-token {r["duplicate_token"]}, induction {r["induction"]}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static int Rank(double[] s) => s.Count(x => x > 1e-9 * Math.Max(1, s.DefaultIfEmpty(0).Max()));

    internal static double Round(double x) => Math.Round(x, 4);

    private static string Show(Value v) => v.IsNone ? "None" : v.Kind == ValueKind.Float ? v.AsDouble().ToString("0.###", CultureInfo.InvariantCulture) : v.ToString();
}
