namespace Glassbox.Craft;

/// <summary>
/// One attention head in craft form: a score form W_QK between query and key spaces and a value-to-output map
/// W_OV. Compiled heads use hard attention: each query averages the values of the keys with the highest score.
/// </summary>
/// <param name="Name">What the head computes (the s-op label), for reports.</param>
/// <param name="QK">The score form W_QK.</param>
/// <param name="OV">The value-to-output map W_OV.</param>
public sealed record AttentionHead(string Name, BilinearForm QK, LinearMap OV)
{
    /// <summary>Directions the head reads (query, key and value spaces).</summary>
    public VectorSpace Reads => QK.Query.Join(QK.Key, OV.Input);

    /// <summary>Directions the head writes.</summary>
    public VectorSpace Writes => OV.Output;
}
