namespace Glassbox.Craft;

/// <summary>
/// A scalar bilinear form <c>s(q, k) = qᵀ W k</c> between a query space and a key space: the W_QK of an attention
/// head. W[q, k] is the score contributed when query direction q and key direction k are active. Only non-zero
/// weights are stored, key by key (<see cref="ByKey"/>: row k lists W[·, k] over the queries), which is the order the
/// engine's W_Q is written in; a selector over thousands of values stores its true pairs, not a dense square.
/// </summary>
public sealed class BilinearForm
{
    /// <summary>The query-side space.</summary>
    public VectorSpace Query => ByKey.Input;

    /// <summary>The key-side space.</summary>
    public VectorSpace Key => ByKey.Output;

    /// <summary>Wᵀ as a sparse map from the query space to the key space: row k holds W[q, k] for every query q.</summary>
    public LinearMap ByKey { get; }

    /// <summary>Creates the form from its dense matrix ([query, key]); zeros are not stored.</summary>
    public BilinearForm(VectorSpace query, VectorSpace key, double[,] matrix)
    {
        if (matrix.GetLength(0) != query.Dimension || matrix.GetLength(1) != key.Dimension)
            throw new ArgumentException($"matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)}, expected {query.Dimension}x{key.Dimension}");
        var transposed = new double[key.Dimension, query.Dimension];
        for (var q = 0; q < query.Dimension; q++)
            for (var k = 0; k < key.Dimension; k++) transposed[k, q] = matrix[q, k];
        ByKey = new LinearMap(query, key, transposed);
    }

    /// <summary>Creates the form from Wᵀ (<see cref="ByKey"/>).</summary>
    public BilinearForm(LinearMap byKey) => ByKey = byKey;

    /// <summary>The weight of the pair (0 outside the spaces).</summary>
    public double Weight(BasisDirection query, BasisDirection key) => ByKey.Weight(query, key);

    /// <summary>The score <c>qᵀ W k</c>; both vectors are projected onto the form's spaces first.</summary>
    public double Apply(Vector query, Vector key)
    {
        var q = query.Project(Query).Coordinates;
        var k = key.Project(Key).Coordinates;
        double s = 0;
        for (var j = 0; j < k.Length; j++)
        {
            if (k[j] == 0) continue;
            var qs = ByKey.RowInputs(j);
            var ws = ByKey.RowWeights(j);
            for (var t = 0; t < qs.Length; t++) s += q[qs[t]] * ws[t] * k[j];
        }
        return s;
    }

    /// <summary>For each query direction, whether some weight reads it.</summary>
    public bool[] ReadQueries() => ByKey.ReadInputs();

    /// <summary>For each key direction, whether some weight reads it.</summary>
    public bool[] ReadKeys() => ByKey.WrittenOutputs();

    /// <summary>The form between smaller spaces: query i becomes query <paramref name="queryMap"/>[i] (−1: dropped),
    /// key row r of the result is key <paramref name="keys"/>[r] of this form (both maps keep the order).</summary>
    public BilinearForm Select(VectorSpace query, int[] queryMap, VectorSpace key, int[] keys) =>
        new(ByKey.Select(query, queryMap, key, keys));

    /// <summary>The weights as a dense matrix [query, key] (for printing and small forms).</summary>
    public double[,] ToDense()
    {
        var m = new double[Query.Dimension, Key.Dimension];
        for (var k = 0; k < Key.Dimension; k++)
        {
            var qs = ByKey.RowInputs(k);
            var ws = ByKey.RowWeights(k);
            for (var t = 0; t < qs.Length; t++) m[qs[t], k] = ws[t];
        }
        return m;
    }

    /// <summary>Number of non-zero weights.</summary>
    public int NonZeroCount() => ByKey.NonZeroCount();
}
