using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// The position-wise MLP sub-layer: W₂ f(W₁ X + b₁ 1ᵀ) + b₂ 1ᵀ with W₁ ∈ ℝ^{d_mlp×d}, W₂ ∈ ℝ^{d×d_mlp} and
/// f = ReLU or GELU; biases may be null (zero).
/// </summary>
public sealed class Mlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the MLP from explicit weights.</summary>
    public Mlp(Tensor<T> w1, Tensor<T>? b1, Tensor<T> w2, Tensor<T>? b2, Activation activation)
    {
        if (w2.Columns != w1.Rows)
            throw new ArgumentException($"MLP: W1 is {w1.Rows}×{w1.Columns} and W2 is {w2.Rows}×{w2.Columns}; W2 must read d_mlp = {w1.Rows} features");
        if (b1 is not null && (b1.Rows != w1.Rows || b1.Columns != 1))
            throw new ArgumentException($"MLP: b1 is {b1.Rows}×{b1.Columns}, expected {w1.Rows}×1");
        if (b2 is not null && (b2.Rows != w2.Rows || b2.Columns != 1))
            throw new ArgumentException($"MLP: b2 is {b2.Rows}×{b2.Columns}, expected {w2.Rows}×1");
        W1 = w1; B1 = b1; W2 = w2; B2 = b2; Activation = activation;
    }

    /// <summary>W₁ ∈ ℝ^{d_mlp×d_in}.</summary>
    public Tensor<T> W1 { get; }
    /// <summary>b₁ (d_mlp×1) or null.</summary>
    public Tensor<T>? B1 { get; }
    /// <summary>W₂ ∈ ℝ^{d_out×d_mlp}.</summary>
    public Tensor<T> W2 { get; }
    /// <summary>b₂ (d_out×1) or null.</summary>
    public Tensor<T>? B2 { get; }
    /// <summary>The non-linearity f.</summary>
    public Activation Activation { get; }
    /// <summary>d_mlp, the hidden width.</summary>
    public int Hidden => W1.Rows;

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters(string prefix)
    {
        yield return (prefix + ".W_in", W1);
        if (B1 is not null) yield return (prefix + ".b_in", B1);
        yield return (prefix + ".W_out", W2);
        if (B2 is not null) yield return (prefix + ".b_out", B2);
    }

    /// <summary>The MLP on every column of <paramref name="x"/> (a new tensor).</summary>
    public Tensor<T> Apply(Tensor<T> x)
    {
        var output = new Tensor<T>(W2.Rows, x.Columns);
        Forward(x, output, new ForwardContext<T>(new Workspace<T>(), SequenceLayout.Single(x.Columns), null, null),
            HookNames.MlpPre(0), HookNames.MlpPost(0));
        return output;
    }

    internal void Forward(Tensor<T> x, Tensor<T> output, ForwardContext<T> ctx, string preHook, string postHook)
    {
        var ws = ctx.Workspace;
        var pre = ws.Get(this, "pre", Hidden, x.Columns);
        var post = ws.Get(this, "post", Hidden, x.Columns);
        ctx.Linear(W1, B1, x, pre);
        ctx.Fire(preHook, pre);
        Activations.Apply(Activation, pre, post);
        ctx.Fire(postHook, post);
        ctx.Linear(W2, B2, post, output);
    }

    internal void Backward(Tensor<T> x, Tensor<T> dOut, Tensor<T> dx, Gradients<T> grads, Workspace<T> ws)
    {
        var pre = ws.Get(this, "pre", Hidden, x.Columns);
        var post = ws.Get(this, "post", Hidden, x.Columns);
        var dPost = ws.Get(this, "dpost", Hidden, x.Columns, clear: true);
        MultiHeadAttention<T>.LinearBackward(W2, B2, post, dOut, dPost, grads);
        Activations.Backward(Activation, pre, dPost, dPost);
        MultiHeadAttention<T>.LinearBackward(W1, B1, x, dPost, dx, grads);
    }
}
