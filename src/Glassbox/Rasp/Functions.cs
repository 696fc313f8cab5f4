using System.Text;

namespace Glassbox.Rasp;

/// <summary>
/// An elementwise function carried by a <see cref="Map"/>. Equality and hashing use only <see cref="Description"/>
/// (the delegate is ignored), so trees built from text and from C# compare equal when they use the same factory.
/// Descriptions name the argument <c>x</c>, e.g. <c>x + 1</c>, <c>round(x)</c>, <c>x in ["a", "e"]</c>.
/// </summary>
public sealed record ElementFunction(string Description, Func<Value, Value> Apply)
{
    /// <summary>Equal when the descriptions are equal.</summary>
    public bool Equals(ElementFunction? other) => other is not null && Description == other.Description;

    /// <summary>Hash of the description.</summary>
    public override int GetHashCode() => Description.GetHashCode(StringComparison.Ordinal);

    /// <summary>The description.</summary>
    public override string ToString() => Description;

    /// <summary>The identity, "x".</summary>
    public static ElementFunction Identity { get; } = new("x", v => v);

    /// <summary>A unary operator: "-x", "+x", "not x", "round(x)", "indicator(x)".</summary>
    public static ElementFunction Unary(UnaryOp op) => op switch
    {
        UnaryOp.Neg => new("-x", ValueOps.Neg),
        UnaryOp.Pos => new("+x", ValueOps.Pos),
        UnaryOp.Not => new("not x", ValueOps.Not),
        UnaryOp.Round => new("round(x)", ValueOps.Round),
        UnaryOp.Indicator => new("indicator(x)", ValueOps.Indicator),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>An s-op on the left, an atom on the right: "x OP c", e.g. <c>x + 1</c>, <c>x == "l"</c>.</summary>
    public static ElementFunction WithRight(BinaryOp op, Value constant) =>
        new($"x {op.Symbol()} {constant.Repr()}", v => ValueOps.Apply(op, v, constant));

    /// <summary>An atom on the left, an s-op on the right: "c OP x", e.g. <c>1 - x</c>.</summary>
    public static ElementFunction WithLeft(Value constant, BinaryOp op) =>
        new($"{constant.Repr()} {op.Symbol()} x", v => ValueOps.Apply(op, constant, v));

    /// <summary>Membership in a list of atoms: "x in [..]" (RASP's <c>sop in list</c>).</summary>
    public static ElementFunction In(IReadOnlyList<Value> list)
    {
        var copy = list.ToArray();
        return new($"x in {FormatList(copy)}", v => ValueOps.In(v, copy));
    }

    /// <summary>Elementwise lookup in a list by an int s-op: "[..][x]" (negative indices count from the end).</summary>
    public static ElementFunction LookupIn(IReadOnlyList<Value> list)
    {
        var copy = list.ToArray();
        return new($"{FormatList(copy)}[x]", v =>
        {
            if (!v.IsIntegral) throw new RaspTypeError($"list indices must be integers, not {v.TypeName} ({v.Repr()})");
            long i = v.AsLong();
            if (i < 0) i += copy.Length;
            if (i < 0 || i >= copy.Length) throw new RaspError($"list index {v} out of range for {FormatList(copy)}");
            return copy[i];
        });
    }

    /// <summary>Elementwise lookup in a dict by an atom s-op: "{k: v, ..}[x]"; a missing key is an error.</summary>
    public static ElementFunction LookupIn(IReadOnlyList<KeyValuePair<Value, Value>> dict)
    {
        var copy = dict.ToArray();
        var map = new Dictionary<Value, Value>();
        foreach (var (k, v) in copy) map[k] = v;
        string text = "{" + string.Join(", ", copy.Select(p => $"{p.Key.Repr()}: {p.Value.Repr()}")) + "}";
        return new($"{text}[x]", v => map.TryGetValue(v, out var r) ? r : throw new RaspError($"index [ {v.Repr()} ] not in dict {text}"));
    }

    /// <summary>Any other function; the description must identify it (two functions with one description are equal).</summary>
    public static ElementFunction Custom(string description, Func<Value, Value> apply) => new(description, apply);

    /// <summary>This function applied after <paramref name="inner"/>: description "f(g(x))" built by substitution.</summary>
    public ElementFunction After(ElementFunction inner) =>
        new(Substitute(Description, "x", inner.Description), v => Apply(inner.Apply(v)));

    internal static string Substitute(string template, string variable, string replacement)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            bool isVar = string.CompareOrdinal(template, i, variable, 0, variable.Length) == 0
                && (i == 0 || !char.IsLetterOrDigit(template[i - 1]) && template[i - 1] != '_' && template[i - 1] != '"')
                && (i + variable.Length >= template.Length || !char.IsLetterOrDigit(template[i + variable.Length]) && template[i + variable.Length] != '_');
            if (isVar) { sb.Append('(').Append(replacement).Append(')'); i += variable.Length - 1; }
            else sb.Append(template[i]);
        }
        return sb.ToString();
    }

    internal static string FormatList(IEnumerable<Value> items) => "[" + string.Join(", ", items.Select(v => v.Repr())) + "]";
}

/// <summary>
/// An n-ary elementwise function carried by a <see cref="SequenceMap"/>; equality by <see cref="Description"/>.
/// Descriptions name the arguments <c>x, y, z</c> (then <c>x3, x4, …</c>), e.g. <c>x + y</c>, <c>x if y else z</c>.
/// </summary>
public sealed record SequenceFunction(string Description, int Arity, Func<IReadOnlyList<Value>, Value> Apply)
{
    /// <summary>Equal when descriptions and arities are equal.</summary>
    public bool Equals(SequenceFunction? other) => other is not null && Description == other.Description && Arity == other.Arity;

    /// <summary>Hash of the description.</summary>
    public override int GetHashCode() => HashCode.Combine(Description.GetHashCode(StringComparison.Ordinal), Arity);

    /// <summary>The description.</summary>
    public override string ToString() => Description;

    /// <summary>The conventional name of argument <paramref name="i"/>: x, y, z, x3, x4, …</summary>
    public static string ArgumentName(int i) => i switch { 0 => "x", 1 => "y", 2 => "z", _ => $"x{i}" };

    /// <summary>
    /// The coefficients when the function is a linear combination built by <see cref="Linear"/> (Tracr's
    /// LinearSequenceMap), else null. Compilers may realise such maps without an MLP on numerical inputs.
    /// </summary>
    public IReadOnlyList<Value>? LinearCoefficients { get; init; }

    /// <summary>A linear combination <c>a*x + b*y + …</c> with Python arithmetic (Tracr's LinearSequenceMap).</summary>
    public static SequenceFunction Linear(params Value[] coefficients)
    {
        if (coefficients.Length == 0) throw new ArgumentException("a linear map needs at least one coefficient", nameof(coefficients));
        var c = coefficients.ToArray();
        string desc = string.Join(" + ", c.Select((k, i) => $"{k.Repr()} * {ArgumentName(i)}"));
        return new(desc, c.Length, a =>
        {
            Value sum = ValueOps.Mul(c[0], a[0]);
            for (int i = 1; i < c.Length; i++) sum = ValueOps.Add(sum, ValueOps.Mul(c[i], a[i]));
            return sum;
        }) { LinearCoefficients = Array.AsReadOnly(c) };
    }

    /// <summary>A binary operator zipping two s-ops: "x OP y".</summary>
    public static SequenceFunction Binary(BinaryOp op) =>
        new($"x {op.Symbol()} y", 2, a => ValueOps.Apply(op, a[0], a[1]));

    /// <summary>RASP's ternary over three zipped s-ops, in source order <c>then if cond else otherwise</c>: "x if y else z".</summary>
    public static SequenceFunction Ternary { get; } =
        new("x if y else z", 3, a => a[1].IsTruthy ? a[0] : a[2]);

    /// <summary>Any other function of <paramref name="arity"/> arguments; the description must identify it.</summary>
    public static SequenceFunction Custom(string description, int arity, Func<IReadOnlyList<Value>, Value> apply) =>
        new(description, arity, apply);

    /// <summary>A binary custom function.</summary>
    public static SequenceFunction Custom(string description, Func<Value, Value, Value> apply) =>
        new(description, 2, a => apply(a[0], a[1]));
}

/// <summary>
/// The predicate of a <see cref="Select"/>: a <see cref="Rasp.Comparison"/>, or a custom "(key, query) → bool"
/// with a description. Equality by description. Custom descriptions name the arguments <c>k</c> and <c>q</c>.
/// </summary>
public sealed record Predicate(string Description, Comparison? Comparison, Func<Value, Value, bool> Holds)
{
    /// <summary>Equal when the descriptions are equal.</summary>
    public bool Equals(Predicate? other) => other is not null && Description == other.Description;

    /// <summary>Hash of the description.</summary>
    public override int GetHashCode() => Description.GetHashCode(StringComparison.Ordinal);

    /// <summary>The description.</summary>
    public override string ToString() => Description;

    /// <summary>A standard comparison; its description is its symbol (==, &lt;, …, True, False).</summary>
    public static Predicate Of(Comparison c) => new(c.Symbol(), c, (k, q) => c.Holds(k, q));

    /// <summary>A standard comparison.</summary>
    public static implicit operator Predicate(Comparison c) => Of(c);

    /// <summary>A custom predicate on (key, query), e.g. Tracr's <c>shift_by</c>: <c>q == k + 1</c>.</summary>
    public static Predicate Custom(string description, Func<Value, Value, bool> holds) => new(description, null, holds);
}
