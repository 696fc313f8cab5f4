namespace Glassbox.Craft;

/// <summary>A vector in a named space: one coordinate per basis direction, in the space's order.</summary>
public sealed class Vector
{
    /// <summary>The space the coordinates refer to.</summary>
    public VectorSpace Space { get; }

    /// <summary>The coordinates (length = <see cref="VectorSpace.Dimension"/>).</summary>
    public double[] Coordinates { get; }

    /// <summary>Creates a vector; <paramref name="coordinates"/> must match the space's dimension.</summary>
    public Vector(VectorSpace space, double[] coordinates)
    {
        if (coordinates.Length != space.Dimension)
            throw new ArgumentException($"expected {space.Dimension} coordinates, got {coordinates.Length}", nameof(coordinates));
        Space = space;
        Coordinates = coordinates;
    }

    /// <summary>The coordinate along <paramref name="direction"/> (0 when the direction is not in the space).</summary>
    public double this[BasisDirection direction]
    {
        get
        {
            var i = Space.IndexOf(direction);
            return i < 0 ? 0 : Coordinates[i];
        }
    }

    /// <summary>Re-expresses this vector in <paramref name="target"/>: shared directions keep their coordinate,
    /// directions only in the target are 0, directions only in this space are dropped.</summary>
    public Vector Project(VectorSpace target)
    {
        var c = new double[target.Dimension];
        for (var i = 0; i < target.Dimension; i++) c[i] = this[target.Basis[i]];
        return new Vector(target, c);
    }

    /// <summary>Sum of two vectors of the same space.</summary>
    public static Vector operator +(Vector a, Vector b)
    {
        RequireSameSpace(a, b);
        return new Vector(a.Space, a.Coordinates.Zip(b.Coordinates, (x, y) => x + y).ToArray());
    }

    /// <summary>Difference of two vectors of the same space.</summary>
    public static Vector operator -(Vector a, Vector b)
    {
        RequireSameSpace(a, b);
        return new Vector(a.Space, a.Coordinates.Zip(b.Coordinates, (x, y) => x - y).ToArray());
    }

    /// <summary>Scalar multiple.</summary>
    public static Vector operator *(double s, Vector a) => new(a.Space, a.Coordinates.Select(x => s * x).ToArray());

    private static void RequireSameSpace(Vector a, Vector b)
    {
        if (!a.Space.Equals(b.Space)) throw new ArgumentException("vectors live in different spaces");
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(" + ", Space.Basis.Select((d, i) => (d, x: Coordinates[i])).Where(t => t.x != 0).Select(t => $"{t.x:G4}·{t.d}"));
}
