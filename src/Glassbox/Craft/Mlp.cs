namespace Glassbox.Craft;

/// <summary>
/// A two-layer ReLU perceptron in craft form: <c>out = W2 · ReLU(W1 · x)</c> with named hidden units. There are no
/// biases: an affine offset is a weight from the residual direction <c>one</c>.
/// </summary>
/// <param name="Name">What the MLP computes (the s-op label), for reports.</param>
/// <param name="First">Input → hidden.</param>
/// <param name="Second">Hidden → output.</param>
public sealed record Mlp(string Name, LinearMap First, LinearMap Second)
{
    /// <summary>Number of hidden units.</summary>
    public int Hidden => First.Output.Dimension;

    /// <summary>Directions the MLP reads.</summary>
    public VectorSpace Reads => First.Input;

    /// <summary>Directions the MLP writes.</summary>
    public VectorSpace Writes => Second.Output;

    /// <summary>Applies the MLP to one residual vector (projected onto the input space).</summary>
    public Vector Apply(Vector x)
    {
        var h = First.Apply(x);
        for (var i = 0; i < h.Coordinates.Length; i++) h.Coordinates[i] = Math.Max(0, h.Coordinates[i]);
        if (!h.Space.Equals(Second.Input)) throw new InvalidOperationException($"MLP {Name}: hidden spaces differ");
        return Second.Apply(h);
    }
}
