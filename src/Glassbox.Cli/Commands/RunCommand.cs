using System.CommandLine;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox run (MODEL | FILE --sop NAME | --lib NAME) --input "1 2 3" [--json]</c>: runs a compiled model on the engine.</summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Space-separated input tokens, e.g. \"1 2 3\".", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {program, input, output} (None as null)." };
        var command = new Command("run", "Run a compiled model on an input (on the Glassbox transformer engine).");
        var source = ModelSource.AddTo(command, "A model written by glassbox compile -o (*.gbx.json), or a .rasp script with --sop.");
        command.Options.Add(input);
        command.Options.Add(json);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var opened = source.Open(parse);
            var m = opened.RequireCompiled("glassbox run");
            var tokens = opened.ParseInput(parse.GetValue(input)!);
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

    private static object? Plain(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsLong(),
        ValueKind.Float => v.AsDouble(),
        ValueKind.Bool => v.AsBool(),
        ValueKind.String => v.AsString(),
        _ => null,
    };
}
