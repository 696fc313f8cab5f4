using System.CommandLine;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Interop.Safetensors;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox export (--lib NAME | FILE --sop NAME | MODEL) [--format onnx|safetensors] -o PATH [--verify exhaustive|random:K] [--json]</c>: writes a
/// compiled or trained model as a standard ONNX graph or a safetensors file (TransformerLens layout), atomically.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "onnx or safetensors (default: from the -o extension)." };
        var output = new Option<string>("--output", "-o") { Description = "The file to write (*.onnx or *.safetensors).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {path, format, kind, program, bytes, verified_inputs, mismatches}." };
        var verify = new Option<string?>("--verify") { Description = "ONNX of a compiled model: run it in onnxruntime against the engine, exhaustive or random:K." };
        var seed = new Option<int>("--seed") { Description = "Seed for --verify random:K.", DefaultValueFactory = _ => 1 };
        var command = new Command("export", "Export a compiled or trained model as ONNX (runs in onnxruntime) or safetensors (TransformerLens names).");
        var source = ModelSource.AddTo(command);
        foreach (var o in new Option[] { format, output, json, verify, seed }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var path = parse.GetValue(output)!;
            var kind = FormatOf(parse.GetValue(format), path);
            var opened = source.Open(parse);
            var bytes = (kind, opened.Compiled, opened.Trained) switch
            {
                ("onnx", { } c, _) => OnnxExport.Compiled(c),
                ("onnx", null, { } t) => OnnxExport.Trained(t),
                (_, { } c, _) => SafetensorsExport.Compiled(c),
                (_, null, { } t) => SafetensorsExport.Trained(t),
                _ => throw new UserError("nothing to export: give --lib NAME, FILE --sop NAME or a model file"),
            };
            OnnxCheckResult? check = null;
            if (parse.GetValue(verify) is { } mode)
            {
                if (kind != "onnx" || opened.Compiled is null) throw new UserError("--verify checks the ONNX export of a compiled model");
                check = OnnxCheck.AgainstEngine(opened.Compiled, bytes, Verifier.Inputs(opened.Compiled.Vocabulary, opened.Compiled.MaxSeqLen, mode, parse.GetValue(seed)));
                if (check.Mismatches > 0)
                    throw new UserError($"onnxruntime differs from the engine on {check.Mismatches} of {check.Inputs} inputs; {path} was not written");
            }
            AtomicFile.WriteAllBytes(path, bytes);
            var stdout = parse.InvocationConfiguration.Output;
            var modelKind = opened.Compiled is null ? "trained" : "compiled";
            if (parse.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["path"] = path, ["format"] = kind, ["kind"] = modelKind, ["program"] = opened.Title, ["bytes"] = bytes.LongLength,
                    ["verified_inputs"] = check?.Inputs ?? 0, ["mismatches"] = check?.Mismatches ?? 0,
                }));
            else
            {
                if (check is not null)
                    stdout.WriteLine($"onnxruntime equals the engine on {check.Inputs} inputs (worst numerical difference {check.WorstNumerical:G3})");
                stdout.WriteLine($"wrote {path}: {modelKind} model '{opened.Title}' as {(kind == "onnx" ? $"ONNX (opset {OnnxExport.Opset}, float32)" : "safetensors (float32, TransformerLens names)")}, {bytes.LongLength:N0} bytes");
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static string FormatOf(string? format, string path)
    {
        var f = format?.ToLowerInvariant() ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".onnx" => "onnx",
            ".safetensors" => "safetensors",
            _ => throw new UserError($"say --format onnx or --format safetensors (the extension of '{path}' does not tell)"),
        };
        return f is "onnx" or "safetensors" ? f : throw new UserError($"--format '{format}' is not onnx or safetensors");
    }
}
