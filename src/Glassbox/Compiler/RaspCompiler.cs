using System.Diagnostics;
using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>Everything a compilation produced, pass by pass, for reports, views and tests.</summary>
/// <param name="Program">The RASP program.</param>
/// <param name="Options">What it was compiled for.</param>
/// <param name="Graph">Pass 1.</param>
/// <param name="ValueSets">Pass 2.</param>
/// <param name="Blocks">Pass 3.</param>
/// <param name="Placements">Pass 4.</param>
/// <param name="Craft">The craft model (pruned residual).</param>
/// <param name="Model">Pass 5: the engine weights.</param>
/// <param name="CompileMilliseconds">Wall time of the whole pipeline.</param>
/// <param name="Coverage">The inputs the dynamic rules were checked on.</param>
public sealed record Compilation(
    SOp Program, CompileOptions Options, ProgramGraph Graph, IReadOnlyDictionary<GraphNode, ValueSet> ValueSets,
    BlockSet Blocks, IReadOnlyList<Placement> Placements, CraftModel Craft, CompiledModel Model, double CompileMilliseconds, ValidationCoverage Coverage)
{
    /// <summary>Runs the craft model (hard attention, exact arithmetic) on an input and decodes the output.</summary>
    public IReadOnlyList<Value> RunCraft(IReadOnlyList<Value> input)
    {
        Model.Encode(input);
        var final = CraftEvaluator.Run(Craft, Assembler.Embed(Craft, Graph, input), Options.Causal);
        return final.Skip(1).Select(v => Model.Decode(i => v.Coordinates[i])).ToList();
    }
}

/// <summary>
/// The RASP → transformer compiler: <see cref="Validator"/>, <see cref="GraphBuilder"/>,
/// <see cref="ValueSetInference"/>, <see cref="BlockBuilder"/> (with <see cref="MapFusion"/>),
/// <see cref="LayerAllocator"/>, then <see cref="Assembler"/>.
/// </summary>
public static class RaspCompiler
{
    /// <summary>Compiles <paramref name="program"/>; refuses (with <see cref="UserError"/>) what it cannot compile exactly.</summary>
    public static Compilation Compile(SOp program, CompileOptions options, string? name = null)
    {
        var clock = Stopwatch.StartNew();
        options.Check();
        var graph = GraphBuilder.Build(program);
        Validator.CheckStatic(graph);
        var coverage = DynamicValidator.Check(graph, options);
        var sets = ValueSetInference.Infer(graph, options);
        var blocks = BlockBuilder.Build(graph, sets);
        var placements = LayerAllocator.Allocate(blocks);
        var craft = Assembler.BuildCraft(graph, sets, LayerAllocator.ToLayers(placements), blocks.Fusion.Synthetic.Select(s => s.Node));
        var model = Assembler.ToModel(name ?? graph.Output.Label, craft, graph, sets, options);
        clock.Stop();
        return new Compilation(program, options, graph, sets, blocks, placements, craft, model, clock.Elapsed.TotalMilliseconds, coverage);
    }
}
