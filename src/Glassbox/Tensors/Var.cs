using System.Numerics;

namespace Glassbox.Tensors;

/// <summary>
/// A node of the reverse-mode autograd graph: a value (<see cref="Tensor{T}"/>), and after
/// <see cref="Tape{T}.Backward(Var{T})"/> the gradient of the output with respect to it. Ops in <see cref="Ops"/>
/// take and return vars; they record onto the current <see cref="Tape{T}"/> when one is open, and otherwise just
/// compute (no-grad mode: inference runs the very same code).
/// </summary>
public class Var<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps a value; <paramref name="requiresGrad"/> says whether gradients flow into it.</summary>
    protected Var(Tensor<T> value, bool requiresGrad, string? name)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        RequiresGrad = requiresGrad;
        Name = name;
    }

    /// <summary>The value computed in the forward pass.</summary>
    public Tensor<T> Value { get; }

    /// <summary>The gradient ∂output/∂this, same shape as <see cref="Value"/>; null until a backward pass reaches it.</summary>
    public Tensor<T>? Grad { get; protected set; }

    /// <summary>Whether gradients are computed for this var (parameters, and results of recorded ops on them).</summary>
    public bool RequiresGrad { get; }

    /// <summary>An optional name (shown by <see cref="ToString"/>, useful for hooks and debugging).</summary>
    public string? Name { get; set; }

    /// <summary>Rows of the value.</summary>
    public int Rows => Value.Rows;

    /// <summary>Columns of the value.</summary>
    public int Columns => Value.Columns;

    /// <summary>Propagates this var's gradient to its inputs; null for leaves.</summary>
    internal Action<Tensor<T>>? BackwardStep { get; init; }

    /// <summary>A var that never receives gradients (input data, masks, constants).</summary>
    public static Var<T> Constant(Tensor<T> value, string? name = null) => new(value, false, name);

    /// <summary>Tensors convert to constants, so ops accept plain tensors where no gradient is wanted.</summary>
    public static implicit operator Var<T>(Tensor<T> value) => Constant(value);

    /// <summary>Creates the result var of a recorded op.</summary>
    internal static Var<T> Recorded(Tensor<T> value, Action<Tensor<T>> backward) =>
        new(value, true, null) { BackwardStep = backward };

    /// <summary>The gradient tensor, allocated as zeros on first use, to which contributions are added.</summary>
    internal virtual Tensor<T> GradOrCreate() => Grad ??= new Tensor<T>(Value.Rows, Value.Columns);

    /// <summary>a + b (broadcasting a d×1 column over columns, see <see cref="Ops.Add{T}"/>).</summary>
    public static Var<T> operator +(Var<T> a, Var<T> b) => Ops.Add(a, b);

    /// <summary>a − b (same shapes).</summary>
    public static Var<T> operator -(Var<T> a, Var<T> b) => Ops.Subtract(a, b);

    /// <summary>−a.</summary>
    public static Var<T> operator -(Var<T> a) => Ops.Scale(a, -T.One);

    /// <summary>s·a.</summary>
    public static Var<T> operator *(T s, Var<T> a) => Ops.Scale(a, s);

    /// <summary>a·s.</summary>
    public static Var<T> operator *(Var<T> a, T s) => Ops.Scale(a, s);

    /// <summary>Shape, name and whether it requires a gradient.</summary>
    public override string ToString() => $"Var {Name ?? "(unnamed)"} {Rows}×{Columns}{(RequiresGrad ? " requires grad" : "")}";
}

/// <summary>
/// A trainable tensor: a leaf var whose gradient buffer lives as long as the parameter and accumulates over
/// backward passes (e.g. over a minibatch) until <see cref="ZeroGrad"/>. Optimisers update <see cref="Var{T}.Value"/>
/// in place from <see cref="Gradient"/>.
/// </summary>
public sealed class Parameter<T> : Var<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Makes <paramref name="value"/> trainable (the tensor is used, not copied).</summary>
    public Parameter(Tensor<T> value, string? name = null) : base(value, true, name)
    {
        Grad = new Tensor<T>(value.Rows, value.Columns);
    }

    /// <summary>The accumulated gradient (never null for a parameter).</summary>
    public Tensor<T> Gradient => Grad!;

    /// <summary>Sets the accumulated gradient to zero.</summary>
    public void ZeroGrad() => Grad!.Clear();

    internal override Tensor<T> GradOrCreate() => Grad!;
}
