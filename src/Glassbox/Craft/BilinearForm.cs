namespace Glassbox.Craft;

/// <summary>
/// A scalar bilinear form <c>s(q, k) = qᵀ W k</c> between a query space and a key space: the W_QK of an attention
/// head. <see cref="Matrix"/>[q, k] is the score contributed when query direction q and key direction k are active.
/// </summary>
public sealed class BilinearForm
{
    /// <summary>The query-side space.</summary>
    public VectorSpace Query { get; }

    /// <summary>The key-side space.</summary>
    public VectorSpace Key { get; }

    /// <summary>Weights, [query, key].</summary>
    public double[,] Matrix { get; }

    /// <summary>Creates the form from its matrix ([query, key]).</summary>
    public BilinearForm(VectorSpace query, VectorSpace key, double[,] matrix)
    {
        if (matrix.GetLength(0) != query.Dimension || matrix.GetLength(1) != key.Dimension)
            throw new ArgumentException($"matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)}, expected {query.Dimension}x{key.Dimension}");
        Query = query;
        Key = key;
        Matrix = matrix;
    }

    /// <summary>The weight of the pair (0 outside the spaces).</summary>
    public double Weight(BasisDirection query, BasisDirection key)
    {
        var q = Query.IndexOf(query);
        var k = Key.IndexOf(key);
        return q < 0 || k < 0 ? 0 : Matrix[q, k];
    }

    /// <summary>The score <c>qᵀ W k</c>; both vectors are projected onto the form's spaces first.</summary>
    public double Apply(Vector query, Vector key)
    {
        var q = query.Project(Query).Coordinates;
        var k = key.Project(Key).Coordinates;
        double s = 0;
        for (var i = 0; i < q.Length; i++)
        {
            if (q[i] == 0) continue;
            for (var j = 0; j < k.Length; j++) s += q[i] * Matrix[i, j] * k[j];
        }
        return s;
    }

    /// <summary>Number of non-zero weights.</summary>
    public int NonZeroCount()
    {
        var n = 0;
        foreach (var w in Matrix) if (w != 0) n++;
        return n;
    }
}
