using System.Numerics;
using Glassbox.Tensors;
using Glassbox.Transformers;
using DataType = Glassbox.Interop.Onnx.TensorProto.Types.DataType;

namespace Glassbox.Interop.Onnx;

/// <summary>
/// Writes any engine <see cref="Transformer{T}"/> (encoder or decoder) as an ONNX graph in float32, so compiled and
/// trained models share one export path just as they share one engine. Tokens are rows here (ONNX is row-major):
/// the residual stream is [batch, seq, d] and every column-convention weight W is stored as Wᵀ under its
/// TransformerLens-style engine name (<c>embed.W_E</c> [N_V, d], <c>blocks.0.attn.0.W_Q</c> [d, d_attn],
/// <c>blocks.0.attn.W_O</c> [H·d_mid, d], <c>blocks.0.mlp.W_in</c> [d, d_mlp], <c>unembed.W_U</c> [d, N_V] …).
/// Input <c>input_ids</c> int64 [batch, seq]; outputs <c>logits</c> [batch, seq, N_V] and <c>residual</c>
/// [batch, seq, d] (the final residual stream, before any final norm).
/// </summary>
internal static class TransformerGraph
{
    /// <summary>The input's name.</summary>
    public const string InputName = "input_ids";
    /// <summary>The logits output's name.</summary>
    public const string LogitsName = "logits";
    /// <summary>The residual output's name.</summary>
    public const string ResidualName = "residual";

    /// <summary>Adds the whole forward pass of <paramref name="model"/> to <paramref name="g"/>.</summary>
    public static void Write<T>(Transformer<T> model, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Architecture == Architecture.EncoderDecoder)
            throw new UserError("encoder-decoder models cannot be exported to ONNX yet (they take two sequences); export an encoder or decoder model");
        g.Input(InputName, DataType.Int64, "batch", "seq");
        var x = Embed(model.Embedding, g);
        for (var l = 0; l < model.Blocks.Blocks.Count; l++) x = Block(model.Blocks.Blocks[l], $"blocks.{l}", x, g);
        g.Node("Identity", [x], ResidualName);
        var y = x;
        if (model.FinalNorm is not null) y = Norm(model.FinalNorm, "ln_final", y, g);
        if (model.Head is not null)
        {
            var h = model.Head;
            y = Activate(h.Activation, g.Node("Add", [g.Node("MatMul", [y, Weight(g, "head.W_f", h.Wf)]), Vector(g, "head.b_f", h.Bf)]), g);
            y = Norm(h.Norm, "head.ln", y, g);
        }
        g.Node("MatMul", [y, Weight(g, "unembed.W_U", model.Unembedding)], LogitsName);
        g.Output(LogitsName, DataType.Float, "batch", "seq", model.VocabSize);
        g.Output(ResidualName, DataType.Float, "batch", "seq", model.Embedding.Dimension);
    }

    private static string Embed<T>(Embedding<T> e, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tokens = g.Node("Gather", [Weight(g, "embed.W_E", e.Tokens), InputName], null, GraphBuilder.Int("axis", 0));
        if (e.Positions is null) return tokens;
        var seq = g.Node("Gather", [g.Node("Shape", [InputName]), g.Int64s("const.one", [1])], null, GraphBuilder.Int("axis", 0));
        var positions = g.Node("Range", [g.Int64s("const.zero", [0]), seq, "const.one"], "positions");
        var pos = g.Node("Gather", [Weight(g, "pos_embed.W_pos", e.Positions), positions], null, GraphBuilder.Int("axis", 0));
        return g.Node("Add", [tokens, pos], "blocks.0.hook_resid_pre");
    }

    private static string Block<T>(TransformerBlock<T> block, string prefix, string x, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (block.CrossAttention is not null) throw new UserError("blocks with cross-attention cannot be exported to ONNX yet");
        if (block.SelfAttention is { } attn)
            x = SubLayer(block.Placement, block.AttentionNorm, $"{prefix}.ln1", x, g, input => Attention(attn, $"{prefix}.attn", input, g));
        if (block.Mlp is { } mlp)
            x = SubLayer(block.Placement, block.MlpNorm, $"{prefix}.ln2", x, g, input => Mlp(mlp, $"{prefix}.mlp", input, g));
        return x;
    }

    private static string SubLayer<T>(NormPlacement placement, LayerNorm<T>? norm, string normName, string x, GraphBuilder g, Func<string, string> run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var input = placement == NormPlacement.Pre && norm is not null ? Norm(norm, normName, x, g) : x;
        var sum = g.Node("Add", [x, run(input)]);
        return placement == NormPlacement.Post && norm is not null ? Norm(norm, normName, sum, g) : sum;
    }

    /// <summary>Algorithm 5 with every head's Algorithm 4 spelled out: Softmax(scale·Q Kᵀ + mask) V, heads concatenated, then W_o.</summary>
    private static string Attention<T>(MultiHeadAttention<T> attn, string prefix, string x, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var outputs = new List<string>();
        for (var h = 0; h < attn.Heads.Count; h++)
        {
            var head = attn.Heads[h];
            var name = $"{prefix}.{h}";
            var q = Affine(g, x, $"{name}.W_Q", head.Wq, $"{name}.b_Q", head.Bq);
            var k = Affine(g, x, $"{name}.W_K", head.Wk, $"{name}.b_K", head.Bk);
            var v = Affine(g, x, $"{name}.W_V", head.Wv, $"{name}.b_V", head.Bv);
            var scores = g.Node("MatMul", [q, g.Node("Transpose", [k], null, GraphBuilder.Ints("perm", 0, 2, 1))]);
            var scale = g.Scalar($"{name}.scale", (float)attn.Options.ScaleFor(head.KeySize));
            scores = g.Node("Mul", [scores, scale], $"{name}.hook_attn_scores");
            if (attn.Options.Causal) scores = g.Node("Add", [scores, CausalMask(g)]);
            var pattern = attn.Options.Mode == AttentionMode.Softmax
                ? g.Node("Softmax", [scores], $"{name}.hook_pattern", GraphBuilder.Int("axis", -1))
                : HardPattern(scores, $"{name}.hook_pattern", g);
            outputs.Add(g.Node("MatMul", [pattern, v], $"{name}.hook_z"));
        }
        var z = outputs.Count == 1 ? outputs[0] : g.Node("Concat", outputs, null, GraphBuilder.Int("axis", -1));
        var result = g.Node("MatMul", [z, Weight(g, $"{prefix}.W_O", attn.Wo)]);
        return attn.Bo is null ? result : g.Node("Add", [result, Vector(g, $"{prefix}.b_O", attn.Bo)]);
    }

    /// <summary>Hard attention: weight 1/k on each of the k maximal scores of a query row.</summary>
    private static string HardPattern(string scores, string output, GraphBuilder g)
    {
        var max = g.Node("ReduceMax", [scores], null, GraphBuilder.Int("keepdims", 1), GraphBuilder.Ints("axes", -1));
        var top = g.Node("Cast", [g.Node("Equal", [scores, max])], null, GraphBuilder.Int("to", (long)DataType.Float));
        var count = g.Node("ReduceSum", [top, g.Int64s($"{output}.axes", [-1], 1)], null, GraphBuilder.Int("keepdims", 1));
        return g.Node("Div", [top, count], output);
    }

    /// <summary>A [seq, seq] additive mask: 0 where key ≤ query, −∞ above the diagonal (built once per graph).</summary>
    private static string CausalMask(GraphBuilder g)
    {
        const string name = "causal_mask";
        if (g.Graph.Node.Any(n => n.Output.Contains(name))) return name;
        var seq = g.Node("Gather", [g.Node("Shape", [InputName]), "const.one"], null, GraphBuilder.Int("axis", 0));
        var size = g.Node("Concat", [g.Node("Unsqueeze", [seq, g.Int64s("const.axes0", [0], 1)]), g.Node("Unsqueeze", [seq, "const.axes0"])],
            null, GraphBuilder.Int("axis", 0));
        var ones = g.Node("ConstantOfShape", [size], null,
            new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = FloatTensor(1f) });
        var above = g.Node("Cast", [g.Node("Trilu", [ones, "const.one"], null, GraphBuilder.Int("upper", 1))], null,
            GraphBuilder.Int("to", (long)DataType.Bool));
        return g.Node("Where", [above, g.Scalar("const.neg_inf", float.NegativeInfinity), g.Scalar("const.zerof", 0f)], name);
    }

    private static TensorProto FloatTensor(float value)
    {
        var t = new TensorProto { DataType = (int)DataType.Float };
        t.Dims.Add(1);
        t.FloatData.Add(value);
        return t;
    }

    private static string Mlp<T>(Mlp<T> mlp, string prefix, string x, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pre = Affine(g, x, $"{prefix}.W_in", mlp.W1, $"{prefix}.b_in", mlp.B1);
        var post = Activate(mlp.Activation, pre, g);
        return Affine(g, post, $"{prefix}.W_out", mlp.W2, $"{prefix}.b_out", mlp.B2);
    }

    private static string Activate(Activation f, string x, GraphBuilder g)
    {
        switch (f)
        {
            case Activation.Relu:
                return g.Node("Relu", [x]);
            case Activation.Gelu:
            {
                // x·Φ(x) = ½·x·(1 + erf(x/√2))
                var erf = g.Node("Erf", [g.Node("Mul", [x, Const(g, "const.inv_sqrt2", (float)(1 / Math.Sqrt(2)))])]);
                return g.Node("Mul", [g.Node("Mul", [x, Const(g, "const.half", 0.5f)]), g.Node("Add", [erf, Const(g, "const.onef", 1f)])]);
            }
            default:
            {
                // ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
                var cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
                var inner = g.Node("Add", [x, g.Node("Mul", [cube, Const(g, "const.gelu_k", 0.044715f)])]);
                var t = g.Node("Tanh", [g.Node("Mul", [inner, Const(g, "const.gelu_c", (float)Math.Sqrt(2 / Math.PI))])]);
                return g.Node("Mul", [g.Node("Mul", [x, Const(g, "const.half", 0.5f)]), g.Node("Add", [t, Const(g, "const.onef", 1f)])]);
            }
        }
    }

    private static string Const(GraphBuilder g, string name, float value) =>
        g.Graph.Initializer.Any(i => i.Name == name) ? name : g.Scalar(name, value);

    private static string Norm<T>(LayerNorm<T> norm, string prefix, string x, GraphBuilder g) where T : unmanaged, IFloatingPointIeee754<T> =>
        g.Node("LayerNormalization", [x, Vector(g, $"{prefix}.w", norm.Gamma), Vector(g, $"{prefix}.b", norm.Beta)], null,
            GraphBuilder.Int("axis", -1), GraphBuilder.Float("epsilon", (float)norm.Epsilon));

    private static string Affine<T>(GraphBuilder g, string x, string wName, Tensor<T> w, string bName, Tensor<T>? b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = g.Node("MatMul", [x, Weight(g, wName, w)]);
        return b is null ? y : g.Node("Add", [y, Vector(g, bName, b)]);
    }

    /// <summary>Wᵀ of a column-convention weight: its column-major storage is exactly Wᵀ's row-major layout.</summary>
    private static string Weight<T>(GraphBuilder g, string name, Tensor<T> w) where T : unmanaged, IFloatingPointIeee754<T> =>
        g.Floats(name, ToFloats(w), w.Columns, w.Rows);

    private static string Vector<T>(GraphBuilder g, string name, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        g.Floats(name, ToFloats(b), b.Rows);

    private static float[] ToFloats<T>(Tensor<T> t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = t.Span;
        var result = new float[span.Length];
        for (var i = 0; i < span.Length; i++) result[i] = float.CreateChecked(span[i]);
        return result;
    }
}
