using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Glassbox.Bench;
using Glassbox.Tensors.Benchmarks;

// Glassbox benchmarks. Every figure is a ratio against a baseline measured in this same run.
//   dotnet run -c Release --project bench/Glassbox.Bench              matmul table (64, 256, 512)
//   dotnet run -c Release --project bench/Glassbox.Bench -- --quick   shorter runs
//   dotnet run -c Release --project bench/Glassbox.Bench -- --json    one JSON object per figure
//   dotnet run -c Release --project bench/Glassbox.Bench -- --sizes 128,1024   other matrix sides
//   ... --no-shapes / --no-columns   skip the transformer-shaped products / the column-wise kernels
//   dotnet run -c Release --project bench/Glassbox.Bench -- bdn [BenchmarkDotNet args]   detail classes
//     (MatMulBenchmarks, ColumnKernelBenchmarks, CompiledForwardBenchmarks, TrainingStepBenchmarks; e.g. -- bdn --filter "*Forward*")
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(MatMulBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

bool quick = args.Contains("--quick");
bool json = args.Contains("--json");
int sizesAt = Array.IndexOf(args, "--sizes");
int[] sizes = sizesAt >= 0 && sizesAt + 1 < args.Length
    ? args[sizesAt + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
    : [64, 256, 512];
var figures = EngineBenchmarks.Run(sizes, quick, shapes: !args.Contains("--no-shapes"), columns: !args.Contains("--no-columns"));
if (json)
{
    foreach (var f in figures)
        Console.WriteLine(JsonSerializer.Serialize(new { name = f.Name, value = Math.Round(f.Value, 3), unit = f.Unit, baseline = f.Baseline, ratio = Math.Round(f.Ratio, 4) }));
    return 0;
}

Console.WriteLine($"Glassbox matmul benchmark — {Environment.ProcessorCount} cores, Vector<float> = {System.Numerics.Vector<float>.Count} lanes, .NET {Environment.Version}");
Console.WriteLine(Timing.UsesThreadCpuTime
    ? "one-core figures: thread CPU time (time given to other processes is not counted); multi-core: wall clock"
    : "all figures: wall clock");
Console.WriteLine($"{"figure",-44} {"value",9} {"unit",-8}   {"baseline",-26} {"value",9} {"ratio",7}");
foreach (var f in figures)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{f.Name,-44} {f.Value,9:F2} {f.Unit,-8}   {f.Baseline,-26} {f.BaselineValue,9:F2} {f.Ratio,7:F3}"));
return 0;
