using System.Numerics;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Looped;

/// <summary>
/// The dense path: the looped layers built into the engine's own <see cref="TransformerBlock{T}"/>s (no layer norm,
/// ReLU MLP, attention unscaled) and run by <see cref="BlockStack{T}"/>, with hard attention (average over exact
/// ties) or softmax with temperature λ (the engine's score scale).
/// </summary>
public sealed class EngineLoopedForward<T> : ILoopedForward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _input, _output;
    private readonly SequenceLayout _layout;

    /// <summary>Builds the engine blocks for <paramref name="layers"/>; <paramref name="lambda"/> null means hard attention.</summary>
    public EngineLoopedForward(IReadOnlyList<LoopedLayer> layers, int width, int columns, double? lambda)
    {
        Lambda = lambda;
        Stack = new BlockStack<T>(layers.Select(l => ToBlock(l, width, lambda)).ToArray());
        _input = Tensor<T>.Zeros(width, columns);
        _output = Tensor<T>.Zeros(width, columns);
        _layout = SequenceLayout.Single(columns);
    }

    /// <summary>The engine's block stack holding the looped computer's weights.</summary>
    public BlockStack<T> Stack { get; }

    /// <summary>The softmax temperature λ, or null for hard attention.</summary>
    public double? Lambda { get; }

    /// <inheritdoc />
    public string Description => Lambda is { } l ? $"engine, softmax λ={l}" : "engine, hard attention";

    /// <inheritdoc />
    public void Loop(Span<T> x)
    {
        x.CopyTo(_input.Span);
        Stack.Forward(_input, _layout, _output);
        _output.Span.CopyTo(x);
    }

    /// <summary>One looped layer as an engine block: heads keep their Q and K; V is split into W_v (the source rows) and W_o.</summary>
    public static TransformerBlock<T> ToBlock(LoopedLayer layer, int width, double? lambda)
    {
        var sources = layer.Heads.Select(h => Enumerable.Range(0, h.Value.Rows).Where(r => h.Value.Row(r).Any()).ToArray()).ToArray();
        var dMid = Math.Max(1, sources.Select(s => s.Length).DefaultIfEmpty(1).Max());
        var heads = new List<AttentionHead<T>>();
        var wo = Tensor<T>.Zeros(width, Math.Max(1, layer.Heads.Length) * dMid);
        for (var h = 0; h < layer.Heads.Length; h++)
        {
            var head = layer.Heads[h];
            var wv = Tensor<T>.Zeros(dMid, width);
            for (var k = 0; k < sources[h].Length; k++)
            {
                foreach (var (col, value) in head.Value.Row(sources[h][k])) Set(wv, k, col, value);
                Set(wo, sources[h][k], h * dMid + k, 1);
            }
            heads.Add(new AttentionHead<T>(ToTensor(head.Query), ToTensor(head.Key), wv));
        }
        lambda = layer.SoftmaxScale ?? lambda;
        var options = new AttentionOptions(Causal: false, Scale: lambda ?? 1.0, Mode: lambda is null ? AttentionMode.Hard : AttentionMode.Softmax);
        var attention = heads.Count == 0 ? null : new MultiHeadAttention<T>(heads, wo, null, options);
        var mlp = layer.Hidden == 0 ? null : new Mlp<T>(ToTensor(layer.W1), Column(layer.B1), ToTensor(layer.W2), Column(layer.B2), Activation.Relu);
        return new TransformerBlock<T>(attention, mlp, NormPlacement.None);
    }

    private static void Set(Tensor<T> t, int row, int col, double value) => t.Span[col * t.Rows + row] = T.CreateChecked(value);

    private static Tensor<T> ToTensor(WeightMatrix m)
    {
        var t = Tensor<T>.Zeros(m.Rows, m.Cols);
        for (var r = 0; r < m.Rows; r++)
            foreach (var (c, v) in m.Row(r)) Set(t, r, c, v);
        return t;
    }

    private static Tensor<T> Column(IReadOnlyList<double> values)
    {
        var t = Tensor<T>.Zeros(values.Count, 1);
        for (var i = 0; i < values.Count; i++) t.Span[i] = T.CreateChecked(values[i]);
        return t;
    }
}
