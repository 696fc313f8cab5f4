using System.CommandLine;
using System.Text.Json;
using Glassbox.Rasp;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Cli.Commands;

/// <summary><c>glassbox analyse (FILE --sop NAME | --lib NAME) [--json]</c>: the RASP paper's layer and head count.</summary>
internal static class AnalyseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "A .rasp script that defines the s-op.", Arity = ArgumentArity.ZeroOrOne };
        var sop = new Option<string?>("--sop") { Description = "The s-op of FILE to analyse (a name the script assigns)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {layers, heads, heads_per_layer}." };
        var command = new Command("analyse", "Count layers and heads of a RASP program as the RASP paper does (greedy schedule).");
        command.Arguments.Add(file);
        command.Options.Add(sop);
        command.Options.Add(json);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? path = parse.GetValue(file), name = parse.GetValue(sop);
            if (path is null || name is null)
                throw new UserError("give a script and the s-op to analyse: glassbox analyse FILE --sop NAME");
            var program = LoadSOp(path, name);
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

    /// <summary>Runs <paramref name="path"/> without printing and returns its s-op <paramref name="name"/>.</summary>
    internal static SOp LoadSOp(string path, string name)
    {
        if (!File.Exists(path)) throw new UserError($"no such file: {path}");
        var errors = new StringWriter();
        var interpreter = new Interpreter(TextWriter.Null) { Errors = errors };
        interpreter.Settings.ShowSOpExamples = interpreter.Settings.ShowSelectorExamples = false;
        interpreter.Run(new SourceText(path, File.ReadAllText(path)));
        if (interpreter.ErrorCount > 0)
            throw new UserError($"{path} has errors:\n{errors.ToString().TrimEnd()}");
        return interpreter.Lookup(name) switch
        {
            SOpValue s => s.SOp,
            null => throw new UserError($"{path} defines no s-op named '{name}'"),
            FunctionValue f => throw new UserError($"'{name}' in {path} is the function {f.Signature}; analyse an s-op, e.g. assign x = {name}(tokens); and pass --sop x"),
            var other => throw new UserError($"'{name}' in {path} is a {other.TypeName}, not an s-op"),
        };
    }
}
