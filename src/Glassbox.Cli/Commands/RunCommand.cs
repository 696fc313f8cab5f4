using System.CommandLine;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox run MODEL --input "1 2 3" [--json]</c>: runs a saved compiled model on the engine.</summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A model written by glassbox compile -o (*.gbx.json)." };
        var input = new Option<string>("--input") { Description = "Space-separated input tokens, e.g. \"1 2 3\".", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {program, input, output} (None as null)." };
        var command = new Command("run", "Run a compiled model on an input (on the Glassbox transformer engine).");
        command.Arguments.Add(model);
        command.Options.Add(input);
        command.Options.Add(json);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var m = ModelFile.Load(parse.GetValue(model)!);
            var tokens = Parse(m, parse.GetValue(input)!);
            var engine = EngineModel.Build(m);
            var result = EngineModel.Run(m, engine, new[] { tokens })[0];
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["program"] = m.ProgramName,
                    ["input"] = tokens.Select(Plain).ToList(),
                    ["output"] = result.Select(Plain).ToList(),
                }));
            else stdout.WriteLine("[" + string.Join(", ", result.Select(v => v.IsNone ? "None" : v.ToString())) + "]");
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>Maps the input words to vocabulary tokens by their printed form; unknown words are refused by name.</summary>
    private static IReadOnlyList<Value> Parse(CompiledModel m, string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var result = new List<Value>();
        for (var i = 0; i < words.Length; i++)
        {
            var match = m.Vocabulary.Where(v => v.ToString() == words[i]).ToList();
            if (match.Count == 0)
                throw new UserError($"token '{words[i]}' at position {i} is not in the model's vocabulary {{{string.Join(", ", m.Vocabulary)}}}");
            result.Add(match[0]);
        }
        if (result.Count > m.MaxSeqLen)
            throw new UserError($"the input has {result.Count} tokens but the model was compiled for at most {m.MaxSeqLen} (--max-seq-len)");
        return result;
    }

    private static object? Plain(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsLong(),
        ValueKind.Float => v.AsDouble(),
        ValueKind.Bool => v.AsBool(),
        ValueKind.String => v.AsString(),
        _ => null,
    };
}
