using System.CommandLine;
using Glassbox.Views;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox view (FILE --sop NAME | --lib NAME | MODEL) --input "..." [-o out.html] [--png DIR]</c>: writes one
/// self-contained HTML page (program graph, layer-by-layer drawing, attention patterns, residual stream, sizes; or,
/// for a trained model, attention patterns and head scores) and optionally the heatmaps as PNGs.
/// </summary>
internal static class ViewCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The input, tokens separated by spaces (e.g. \"3 1 2\").", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "The HTML file to write (default: NAME.view.html in the current folder)." };
        var png = new Option<string?>("--png") { Description = "Also write the heatmaps (attention per head, residual per stage) as PNGs into this folder." };
        var seed = new Option<int>("--seed") { Description = "Seed for the random sequences behind a trained model's induction scores.", DefaultValueFactory = _ => 1 };
        var command = new Command("view", "Write a self-contained HTML view of a program or model on one input (graph, heads, attention, residual stream).");
        var source = ModelSource.AddTo(command);
        foreach (var o in new Option[] { input, output, png, seed }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var opened = source.Open(parse);
            var text = parse.GetValue(input)!;
            string html;
            IReadOnlyList<string> pngs = [];
            var pngDir = parse.GetValue(png);
            if (opened.Trained is { } bundle)
            {
                var run = TrainedRun.Create(bundle, opened.EncodeTrained(text), opened.Title, parse.GetValue(seed));
                html = ModelPage.Render(run);
                if (pngDir is not null) pngs = ViewPngs.Write(run, pngDir);
            }
            else
            {
                var run = CompiledRun.Create(opened.Compiled!, opened.Compilation, opened.ParseInput(text), opened.Title);
                html = ModelPage.Render(run);
                if (pngDir is not null) pngs = ViewPngs.Write(run, pngDir);
            }
            var path = parse.GetValue(output) ?? $"{SafeName(opened.Title)}.view.html";
            AtomicFile.WriteAllText(path, html);
            stdout.WriteLine($"wrote {path} ({html.Length / 1024.0:0.#} KiB)");
            foreach (var p in pngs) stdout.WriteLine($"wrote {p}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>A file-name-safe version of a title.</summary>
    internal static string SafeName(string title)
    {
        var chars = title.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "view" : new string(chars);
    }
}
