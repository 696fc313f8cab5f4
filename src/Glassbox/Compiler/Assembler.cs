using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Pass 5: lays out the residual stream and turns the craft model into engine weights. The residual keeps only
/// directions that something reads (<see cref="ResidualPruner"/>), in a fixed order: one, bos, tokens, indices,
/// then every s-op in program order. Token embeddings are one-hot plus <c>one</c> (BOS: just <c>bos</c>); position
/// p ≥ 1 embeds <c>indices:p−1</c>, position 0 (BOS) nothing. Each head's W_QK is folded into W_Q (W_K projects
/// onto the key space), W_OV into W_V (W_O embeds the output space).
/// </summary>
public static class Assembler
{
    /// <summary>Prunes the craft layers, fixes the residual order and builds the craft model.</summary>
    public static CraftModel BuildCraft(ProgramGraph graph, IReadOnlyDictionary<GraphNode, ValueSet> sets, IReadOnlyList<CraftLayer> layers,
        IEnumerable<GraphNode>? extra = null)
    {
        var outputs = Residual.Directions(graph.Output, sets[graph.Output]).ToList();
        var (pruned, kept) = ResidualPruner.Prune(layers, outputs);
        var order = new List<BasisDirection> { Residual.One, Residual.Bos };
        foreach (var node in graph.Nodes.Where(n => n.Kind == NodeKind.Tokens)) order.AddRange(Residual.Directions(node, sets[node]));
        foreach (var node in graph.Nodes.Where(n => n.Kind == NodeKind.Indices)) order.AddRange(Residual.Directions(node, sets[node]));
        foreach (var node in graph.Nodes.Where(n => n.Kind is not (NodeKind.Tokens or NodeKind.Indices or NodeKind.Selector or NodeKind.Full)))
            order.AddRange(Residual.Directions(node, sets[node]));
        foreach (var node in extra ?? Enumerable.Empty<GraphNode>()) order.AddRange(Residual.Directions(node, sets[node]));
        var residual = new VectorSpace(order.Where(kept.Contains));
        var model = new CraftModel(residual, pruned);
        model.CheckSpaces();
        return model;
    }

    /// <summary>The residual vectors of BOS and the input tokens before the first layer.</summary>
    public static Vector[] Embed(CraftModel craft, ProgramGraph graph, IReadOnlyList<Value> input)
    {
        var r = craft.Residual;
        var result = new Vector[input.Count + 1];
        var bos = r.Zero();
        if (r.Contains(Residual.Bos)) bos = bos + r.Unit(Residual.Bos);
        result[0] = bos;
        for (var p = 0; p < input.Count; p++)
        {
            var c = new double[r.Dimension];
            void Set(BasisDirection d) { var i = r.IndexOf(d); if (i >= 0) c[i] = 1; }
            Set(Residual.One);
            foreach (var node in graph.Nodes)
            {
                if (node.Kind == NodeKind.Tokens) Set(Residual.Of(node, input[p]));
                if (node.Kind == NodeKind.Indices) Set(Residual.Of(node, p));
            }
            result[p + 1] = new Vector(r, c);
        }
        return result;
    }

    /// <summary>The engine weights of <paramref name="craft"/>.</summary>
    public static CompiledModel ToModel(string name, CraftModel craft, ProgramGraph graph, IReadOnlyDictionary<GraphNode, ValueSet> sets, CompileOptions options)
    {
        var r = craft.Residual;
        var d = r.Dimension;
        var vocab = options.Vocabulary;
        var tokens = new double[d, vocab.Count + 1];
        var positions = new double[d, options.MaxSeqLen + 1];
        var bos = r.IndexOf(Residual.Bos);
        if (bos >= 0) tokens[bos, CompiledModel.BosId] = 1;
        for (var t = 0; t < vocab.Count; t++)
        {
            var one = r.IndexOf(Residual.One);
            if (one >= 0) tokens[one, t + 1] = 1;
            foreach (var node in graph.Nodes.Where(n => n.Kind == NodeKind.Tokens))
            {
                var i = r.IndexOf(Residual.Of(node, vocab[t]));
                if (i >= 0) tokens[i, t + 1] = 1;
            }
        }
        for (var p = 1; p <= options.MaxSeqLen; p++)
            foreach (var node in graph.Nodes.Where(n => n.Kind == NodeKind.Indices))
            {
                var i = r.IndexOf(Residual.Of(node, p - 1));
                if (i >= 0) positions[i, p] = 1;
            }

        var layers = craft.Layers.Select(l => new CompiledLayer(
            l.Heads.Select(h => Head(h, r)).ToList(),
            l.Mlps.Select(m => m.Name).ToList(),
            MlpFirst(l.Mlps, r), MlpSecond(l.Mlps, r))).ToList();

        var output = graph.Output;
        var dirs = Residual.Directions(output, sets[output]).ToList();
        var readout = new OutputReadout(output.Label, output.IsNumerical,
            output.IsNumerical ? Array.Empty<Value>() : sets[output].Values,
            dirs.Select(r.IndexOf).ToList());
        return new CompiledModel(name, r.Basis.Select(b => b.Label).ToList(), vocab, options.MaxSeqLen, options.Causal,
            tokens, positions, layers, readout);
    }

    /// <summary>
    /// The non-zero weights <see cref="ToModel"/> writes for <paramref name="craft"/> (what
    /// <see cref="CompiledModel.NonZeroParameters"/> counts), from the sparse craft blocks instead of a scan of the
    /// dense matrices: W_Q holds W_QK's weights, W_K and W_O one 1 per key and output direction, W_V W_OV's weights,
    /// W1 and W2 the MLPs' (every block writes each of its weights to its own cell).
    /// </summary>
    internal static long NonZeroWeights(CraftModel craft) => craft.Layers.Sum(l =>
        l.Heads.Sum(h => (long)h.QK.NonZeroCount() + h.QK.Key.Dimension + h.OV.NonZeroCount() + h.OV.Output.Dimension)
        + l.Mlps.Sum(m => (long)m.First.NonZeroCount() + m.Second.NonZeroCount()));

    private static int[] Positions(VectorSpace space, VectorSpace r) => space.Basis.Select(r.IndexOf).ToArray();

    private static CompiledHead Head(AttentionHead h, VectorSpace r)
    {
        var d = r.Dimension;
        var ks = Positions(h.QK.Key, r);
        var qs = Positions(h.QK.Query, r);
        var wq = new double[ks.Length, d];
        var wk = new double[ks.Length, d];
        // Row j of W_Q is key j's row of W_QKᵀ, placed at the query directions' residual coordinates.
        for (var j = 0; j < ks.Length; j++)
        {
            wk[j, ks[j]] = 1;
            var queries = h.QK.ByKey.RowInputs(j);
            var weights = h.QK.ByKey.RowWeights(j);
            var row = Dense.Row(wq, j);
            for (var t = 0; t < queries.Length; t++) row[qs[queries[t]]] = weights[t];
        }
        var os = Positions(h.OV.Output, r);
        var vs = Positions(h.OV.Input, r);
        var wv = new double[os.Length, d];
        var wo = new double[d, os.Length];
        for (var o = 0; o < os.Length; o++)
        {
            wo[os[o], o] = 1;
            var ins = h.OV.RowInputs(o);
            var ws = h.OV.RowWeights(o);
            for (var k = 0; k < ins.Length; k++) wv[o, vs[ins[k]]] += ws[k];
        }
        return new CompiledHead(h.Name, wq, wk, wv, wo);
    }

    private static double[,] MlpFirst(IReadOnlyList<Mlp> mlps, VectorSpace r)
    {
        var w = new double[mlps.Sum(m => m.Hidden), r.Dimension];
        var offset = 0;
        foreach (var m in mlps)
        {
            var inputs = Positions(m.First.Input, r);
            for (var h = 0; h < m.Hidden; h++)
            {
                var ins = m.First.RowInputs(h);
                var ws = m.First.RowWeights(h);
                for (var k = 0; k < ins.Length; k++) w[offset + h, inputs[ins[k]]] += ws[k];
            }
            offset += m.Hidden;
        }
        return w;
    }

    private static double[,] MlpSecond(IReadOnlyList<Mlp> mlps, VectorSpace r)
    {
        var w = new double[r.Dimension, mlps.Sum(m => m.Hidden)];
        var offset = 0;
        foreach (var m in mlps)
        {
            var outputs = Positions(m.Second.Output, r);
            for (var o = 0; o < outputs.Length; o++)
            {
                var hs = m.Second.RowInputs(o);
                var ws = m.Second.RowWeights(o);
                for (var k = 0; k < hs.Length; k++) w[outputs[o], offset + hs[k]] += ws[k];
            }
            offset += m.Hidden;
        }
        return w;
    }
}
