namespace Glassbox.Craft;

/// <summary>
/// A linear map between named spaces, <c>y = W x</c> in the column convention: <see cref="Matrix"/>[o, i] is the
/// weight from input direction i to output direction o (rows follow the output basis, columns the input basis).
/// </summary>
public sealed class LinearMap
{
    /// <summary>The domain.</summary>
    public VectorSpace Input { get; }

    /// <summary>The codomain.</summary>
    public VectorSpace Output { get; }

    /// <summary>Weights, [output, input].</summary>
    public double[,] Matrix { get; }

    /// <summary>Creates a map from its weight matrix ([output, input]).</summary>
    public LinearMap(VectorSpace input, VectorSpace output, double[,] matrix)
    {
        if (matrix.GetLength(0) != output.Dimension || matrix.GetLength(1) != input.Dimension)
            throw new ArgumentException($"matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)}, expected {output.Dimension}x{input.Dimension}");
        Input = input;
        Output = output;
        Matrix = matrix;
    }

    /// <summary>Builds a map from the image of every input basis direction (directions outside the output space are
    /// an error, so a map can never silently drop a write).</summary>
    public static LinearMap FromAction(VectorSpace input, VectorSpace output, Func<BasisDirection, IEnumerable<(BasisDirection To, double Weight)>> action)
    {
        var m = new double[output.Dimension, input.Dimension];
        for (var i = 0; i < input.Dimension; i++)
        {
            foreach (var (to, w) in action(input.Basis[i]))
            {
                var o = output.IndexOf(to);
                if (o < 0) throw new ArgumentException($"{to} is not in the output space {output}");
                m[o, i] += w;
            }
        }
        return new LinearMap(input, output, m);
    }

    /// <summary>The weight from <paramref name="from"/> to <paramref name="to"/> (0 outside the spaces).</summary>
    public double Weight(BasisDirection from, BasisDirection to)
    {
        var i = Input.IndexOf(from);
        var o = Output.IndexOf(to);
        return i < 0 || o < 0 ? 0 : Matrix[o, i];
    }

    /// <summary>Applies the map; the argument is first projected onto <see cref="Input"/>.</summary>
    public Vector Apply(Vector x)
    {
        var xi = x.Project(Input).Coordinates;
        var y = new double[Output.Dimension];
        for (var o = 0; o < y.Length; o++)
        {
            var row = Dense.Row(Matrix, o);
            double s = 0;
            for (var i = 0; i < xi.Length; i++) s += row[i] * xi[i];
            y[o] = s;
        }
        return new Vector(Output, y);
    }

    /// <summary>Number of non-zero weights.</summary>
    public int NonZeroCount() => (int)Dense.NonZeroCount(Matrix);
}
