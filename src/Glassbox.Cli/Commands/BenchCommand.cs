using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glassbox.Benchmarks;
using Glassbox.Tensors.Benchmarks;
using Spectre.Console;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox bench [--quick] [--json] [--only AREA,...] [--png DIR]</c>: measures the speed figures of every area,
/// each as a ratio against a baseline measured in the same run on the same machine.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Short runs for CI (seconds per area); the ratios are noisier." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: machine, quick, figures [{name, value, unit, baseline, ratio, baseline_name, area}]." };
        var only = new Option<string?>("--only") { Description = $"Comma-separated areas to run: {string.Join(", ", BenchSuite.Areas.Select(BenchSuite.NameOf))} (default: all)." };
        var png = new Option<string?>("--png") { Description = "Folder to write plots into: every figure's ratio; with the compile area, sort's compile time and width vs vocabulary and vs max_seq_len." };
        var command = new Command("bench", "Measure Glassbox's speed: every figure is a ratio against a baseline measured in the same run.")
        {
            quick, json, only, png,
        };
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var areas = BenchSuite.Parse(parse.GetValue(only));
            bool asJson = parse.GetValue(json), isQuick = parse.GetValue(quick);
            if (!BenchSuite.Optimized)
                stderr.WriteLine("warning: this is a Debug build of Glassbox; build with -c Release for meaningful figures");
            var sections = new List<BenchSection>();
            using (var onnx = new OnnxForwardBaseline())
                foreach (var area in areas)
                {
                    if (!asJson) stderr.WriteLine($"measuring {BenchSuite.NameOf(area)} ...");
                    sections.Add(BenchSuite.Measure(area, isQuick, onnx));
                }
            var plots = new List<string>();
            if (parse.GetValue(png) is { } dir) plots.AddRange(BenchPlots.Write(sections, dir, isQuick));
            if (asJson)
            {
                stdout.WriteLine(JsonSerializer.Serialize(ToJson(sections, isQuick, plots)));
                return CommandRunner.Ok;
            }
            PrintTable(sections, isQuick, stdout);
            foreach (var p in plots) stdout.WriteLine($"plot: {p}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>The JSON document: <c>baseline</c> is the baseline's value in the figure's unit, so <c>ratio = value / baseline</c>.</summary>
    internal static Dictionary<string, object?> ToJson(IReadOnlyList<BenchSection> sections, bool quick, IReadOnlyList<string> plots) => new()
    {
        ["machine"] = BenchSuite.Machine(),
        ["cores"] = Environment.ProcessorCount,
        ["quick"] = quick,
        ["optimized"] = BenchSuite.Optimized,
        ["figures"] = sections.SelectMany(s => s.Figures.Select(f => new Dictionary<string, object>
        {
            ["name"] = f.Name,
            ["value"] = Round(f.Value),
            ["unit"] = f.Unit,
            ["baseline"] = Round(f.BaselineValue),
            ["ratio"] = Round(f.Ratio),
            ["baseline_name"] = f.Baseline,
            ["area"] = BenchSuite.NameOf(s.Area),
        })).ToList(),
        ["plots"] = plots,
    };

    private static double Round(double x) => double.IsFinite(x) ? Math.Round(x, 4 - Math.Min(4, (int)Math.Floor(Math.Log10(Math.Max(Math.Abs(x), 1e-12))))) : x;

    private static void PrintTable(IReadOnlyList<BenchSection> sections, bool quick, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (output is not StreamWriter || Console.IsOutputRedirected) console.Profile.Width = 160;
        console.WriteLine($"glassbox bench{(quick ? " --quick" : "")} on {BenchSuite.Machine()}");
        console.WriteLine(Timing.UsesThreadCpuTime
            ? "one-core figures are timed by the thread's CPU time (time the scheduler gives to other processes is not counted)"
            : "figures are timed by the wall clock");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "area", "figure", "value", "unit", "baseline", "baseline value", "ratio" }) table.AddColumn(c);
        foreach (var column in new[] { 2, 5, 6 }) table.Columns[column].RightAligned();
        foreach (var s in sections)
            foreach (var f in s.Figures)
                table.AddRow(BenchSuite.NameOf(s.Area), Markup.Escape(f.Name), Format(f.Value), Markup.Escape(f.Unit), Markup.Escape(f.Baseline),
                    Format(f.BaselineValue), f.Ratio.ToString(Math.Abs(f.Ratio) >= 0.01 ? "F3" : "G3", CultureInfo.InvariantCulture));
        console.Write(table);
    }

    private static string Format(double x) => x.ToString(Math.Abs(x) >= 1000 ? "N0" : "F2", CultureInfo.InvariantCulture);
}
