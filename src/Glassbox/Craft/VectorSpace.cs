namespace Glassbox.Craft;

/// <summary>
/// A vector space spanned by named basis directions, in a fixed, deterministic order: the order the directions were
/// given in (duplicates removed, first occurrence kept). Coordinates of vectors and rows/columns of maps follow it.
/// </summary>
public sealed class VectorSpace : IEquatable<VectorSpace>
{
    private readonly Dictionary<BasisDirection, int> index = new();

    /// <summary>The basis, in coordinate order.</summary>
    public IReadOnlyList<BasisDirection> Basis { get; }

    /// <summary>Creates the space spanned by <paramref name="basis"/> (in that order, duplicates dropped).</summary>
    public VectorSpace(IEnumerable<BasisDirection> basis)
    {
        var list = new List<BasisDirection>();
        foreach (var d in basis)
        {
            if (index.TryAdd(d, list.Count)) list.Add(d);
        }
        Basis = list;
    }

    /// <summary>The empty space.</summary>
    public static VectorSpace Empty { get; } = new(Array.Empty<BasisDirection>());

    /// <summary>The space with one direction per value, all under <paramref name="name"/>.</summary>
    public static VectorSpace FromValues(string name, IEnumerable<object> values) =>
        new(values.Select(v => new BasisDirection(name, v)));

    /// <summary>The spaces of single named directions, e.g. <c>one</c>.</summary>
    public static VectorSpace FromNames(params string[] names) => new(names.Select(n => new BasisDirection(n)));

    /// <summary>Number of dimensions.</summary>
    public int Dimension => Basis.Count;

    /// <summary>Whether <paramref name="direction"/> is a basis direction of this space.</summary>
    public bool Contains(BasisDirection direction) => index.ContainsKey(direction);

    /// <summary>Coordinate of <paramref name="direction"/>, or -1 when it is not in the space.</summary>
    public int IndexOf(BasisDirection direction) => index.TryGetValue(direction, out var i) ? i : -1;

    /// <summary>Whether every direction of this space is in <paramref name="other"/>.</summary>
    public bool IsSubspaceOf(VectorSpace other) => Basis.All(other.Contains);

    /// <summary>The union: this space's basis, then the directions of the others not already present.</summary>
    public VectorSpace Join(params VectorSpace[] others) => new(Basis.Concat(others.SelectMany(o => o.Basis)));

    /// <summary>Joins any number of spaces (in order).</summary>
    public static VectorSpace JoinAll(IEnumerable<VectorSpace> spaces) => new(spaces.SelectMany(s => s.Basis));

    /// <summary>The unit vector along <paramref name="direction"/>.</summary>
    public Vector Unit(BasisDirection direction)
    {
        var i = IndexOf(direction);
        if (i < 0) throw new ArgumentException($"direction {direction} is not in the space", nameof(direction));
        var v = new double[Dimension];
        v[i] = 1;
        return new Vector(this, v);
    }

    /// <summary>The zero vector of this space.</summary>
    public Vector Zero() => new(this, new double[Dimension]);

    /// <inheritdoc />
    public bool Equals(VectorSpace? other) => other is not null && Basis.SequenceEqual(other.Basis);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VectorSpace);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Basis) h.Add(d);
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", Basis) + "}";
}
