namespace Glassbox.Rasp;

/// <summary>How an s-op is represented in a compiled residual stream: one-hot per value, or one number.</summary>
public enum Encoding
{
    /// <summary>One residual direction per possible value (the default).</summary>
    Categorical,
    /// <summary>One residual direction holding the number.</summary>
    Numerical,
}

/// <summary>How <see cref="Aggregate"/> combines the selected values; chosen explicitly for every evaluation.</summary>
public enum AggregateSemantics
{
    /// <summary>
    /// RASP 0.1 (tech-srl REPL): nothing selected → the node's default; one selected → that value unchanged;
    /// several → the mean of ints/floats (bools and strings are an error).
    /// </summary>
    Rasp01,
    /// <summary>
    /// Tracr: nothing selected → the node's default (None unless given); a categorical aggregate may select at
    /// most one position; a numerical one takes the mean of bools/ints/floats.
    /// </summary>
    Tracr,
}

/// <summary>The comparison of a <see cref="Select"/>, read as "key OP query" (Tracr and RASP orientation).</summary>
public enum Comparison
{
    /// <summary>key == query.</summary>
    Eq,
    /// <summary>key &lt; query.</summary>
    Lt,
    /// <summary>key &lt;= query.</summary>
    Leq,
    /// <summary>key &gt; query.</summary>
    Gt,
    /// <summary>key &gt;= query.</summary>
    Geq,
    /// <summary>key != query.</summary>
    Neq,
    /// <summary>Always selected.</summary>
    True,
    /// <summary>Never selected.</summary>
    False,
}

/// <summary>Evaluation and spelling of <see cref="Comparison"/>.</summary>
public static class ComparisonExtensions
{
    /// <summary>Whether "key OP query" holds. None keys or queries are an error for every comparison but True/False.</summary>
    public static bool Holds(this Comparison c, Value key, Value query)
    {
        if (c == Comparison.True) return true;
        if (c == Comparison.False) return false;
        if (key.IsNone || query.IsNone)
            throw new RaspError($"select compares an undefined (None) value: key {key.Repr()} {c.Symbol()} query {query.Repr()}");
        return c switch
        {
            Comparison.Eq => ValueOps.PyEquals(key, query),
            Comparison.Neq => !ValueOps.PyEquals(key, query),
            Comparison.Lt => ValueOps.Lt(key, query).AsBool(),
            Comparison.Leq => ValueOps.Leq(key, query).AsBool(),
            Comparison.Gt => ValueOps.Gt(key, query).AsBool(),
            Comparison.Geq => ValueOps.Geq(key, query).AsBool(),
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
    }

    /// <summary>The symbol as written in <c>select(k, q, OP)</c>: ==, &lt;, &lt;=, &gt;, &gt;=, !=, True, False.</summary>
    public static string Symbol(this Comparison c) => c switch
    {
        Comparison.Eq => "==", Comparison.Lt => "<", Comparison.Leq => "<=", Comparison.Gt => ">",
        Comparison.Geq => ">=", Comparison.Neq => "!=", Comparison.True => "True", Comparison.False => "False",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The comparison with the opposite truth value (Tracr's simplification of ~Select).</summary>
    public static Comparison Negated(this Comparison c) => c switch
    {
        Comparison.Eq => Comparison.Neq, Comparison.Neq => Comparison.Eq, Comparison.Lt => Comparison.Geq,
        Comparison.Geq => Comparison.Lt, Comparison.Gt => Comparison.Leq, Comparison.Leq => Comparison.Gt,
        Comparison.True => Comparison.False, Comparison.False => Comparison.True,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}
