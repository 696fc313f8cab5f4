using System.CommandLine;
using System.Text.Json;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Rasp.Script;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox analyse (FILE --sop NAME | --lib NAME) [--json]</c>: the RASP paper's layer and head count.</summary>
internal static class AnalyseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "A .rasp script that defines the s-op.", Arity = ArgumentArity.ZeroOrOne };
        var sop = new Option<string?>("--sop") { Description = "The s-op of FILE to analyse (a name the script assigns)." };
        var lib = new Option<string?>("--lib") { Description = "A program of the library catalogue, NAME or NAME:args (e.g. hist_bos, dyck2_ptf, sort:1)." };
        var maxLen = new Option<int>("--max-seq-len") { Description = "The maximum sequence length, for library programs that depend on it.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {layers, heads, heads_per_layer}." };
        var command = new Command("analyse", "Count layers and heads of a RASP program as the RASP paper does (greedy schedule).");
        command.Arguments.Add(file);
        command.Options.Add(sop);
        command.Options.Add(lib);
        command.Options.Add(maxLen);
        command.Options.Add(json);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? path = parse.GetValue(file), name = parse.GetValue(sop), spec = parse.GetValue(lib);
            SOp program;
            if (spec is not null)
            {
                if (path is not null || name is not null)
                    throw new UserError("give either FILE --sop NAME or --lib NAME, not both");
                var entry = RaspLibrary.Resolve(spec, parse.GetValue(maxLen));
                program = entry.Program;
                name = entry.Spec;
            }
            else if (path is null || name is null)
                throw new UserError("say what to analyse: glassbox analyse FILE --sop NAME, or glassbox analyse --lib NAME");
            else
                program = ScriptLoader.LoadSOp(path, name);
            var analysis = RaspAnalysis.Analyse(program);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["layers"] = analysis.Layers,
                    ["heads"] = analysis.MaxHeads,
                    ["heads_per_layer"] = analysis.HeadsPerLayer,
                }));
            }
            else
            {
                output.WriteLine($"{name}: {analysis.Layers} layers, {analysis.MaxHeads} heads");
                output.Write(analysis.Report());
            }
            return CommandRunner.Ok;
        }));
        return command;
    }
}
