namespace Glassbox.Rasp.Script;

/// <summary>
/// What <c>draw(sop, input)</c> prints: the RASP paper's schedule of the program, layer by layer, evaluated on the
/// input. Each head shows its selector's attention matrix (keys as columns) and the values its aggregates produce;
/// each layer's MLP shows the named elementwise results. It is the text counterpart of RASP 0.1's graphviz drawing.
/// </summary>
public static class DrawText
{
    /// <summary>The lines of the drawing (each starts with a tab).</summary>
    public static IReadOnlyList<string> Lines(SOp root, IReadOnlyList<Value> input)
    {
        var analysis = RaspAnalysis.Analyse(root);
        var trace = new RaspEvaluator(AggregateSemantics.Rasp01).Trace(root, input);
        var lines = new List<string>
        {
            $"\t{root.Label}: {Plural(analysis.Layers, "layer")}, {Plural(analysis.MaxHeads, "head")}"
                + (analysis.Layers > 0 ? $" (heads per layer: {string.Join("/", analysis.HeadsPerLayer)})" : ""),
        };
        foreach (var layer in analysis.Schedule)
        {
            var mlp = layer.Mlp.Where(s => s.Name is not null || ReferenceEquals(s, root)).ToList();
            if (layer.Index == 0)
            {
                if (mlp.Count > 0) lines.Add("\tlayer 0 (embedding), mlp:");
            }
            else lines.Add($"\tlayer {layer.Index}:");
            for (int h = 0; h < layer.Heads.Count; h++)
            {
                var head = layer.Heads[h];
                lines.Add($"\t  head {h}: {head.Label}");
                lines.AddRange(Printer.Matrix(input, trace.Matrix(head), "\t      "));
                foreach (var result in layer.Attention.Where(a => ReferenceEquals(SelectorOf(a), head)))
                    lines.Add($"\t    -> {result.Label} = {Show(trace.Values(result))}");
            }
            if (layer.Index > 0 && mlp.Count > 0) lines.Add("\t  mlp:");
            foreach (var sop in mlp)
                lines.Add($"\t    {sop.Label} = {Show(trace.Values(sop))}");
        }
        return lines;
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    private static Selector? SelectorOf(SOp sop) => sop switch
    {
        Aggregate a => a.Selector,
        SelectorWidth w => w.Selector,
        _ => null,
    };

    private static string Show(IReadOnlyList<Value> values)
    {
        try { return Printer.Sequence(values); }
        catch (RaspError) { return Printer.Sequence(values, typed: false); }
    }
}
