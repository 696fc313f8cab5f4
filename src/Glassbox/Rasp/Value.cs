using System.Globalization;

namespace Glassbox.Rasp;

/// <summary>The kind of a RASP atom.</summary>
public enum ValueKind
{
    /// <summary>Undefined (Tracr's None): an empty aggregate with no default, or anything computed from it.</summary>
    None,
    /// <summary>A boolean; counts as the number 0 or 1, as in Python.</summary>
    Bool,
    /// <summary>A 64-bit integer.</summary>
    Int,
    /// <summary>A double-precision float.</summary>
    Float,
    /// <summary>A string (inputs split into one-character strings).</summary>
    String,
}

/// <summary>
/// A RASP atom with Python semantics: None, bool, int, float or string. Equality is Python's
/// (<c>1 == 1.0 == True</c>) and the hash code agrees with it; numbers order among themselves and strings among
/// themselves. Arithmetic lives in <see cref="ValueOps"/>.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    // One 8-byte payload: the integer (bool as 0/1) or the float's bits, so a value is 24 bytes.
    private readonly long _bits;
    private readonly string? _string;

    private long Integer => _bits;

    private double FloatValue => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The kind of atom.</summary>
    public ValueKind Kind { get; }

    private Value(ValueKind kind, long i, double f, string? s)
    {
        Kind = kind;
        _bits = kind == ValueKind.Float ? BitConverter.DoubleToInt64Bits(f) : i;
        _string = s;
    }

    /// <summary>Undefined (Python None).</summary>
    public static Value None => default;

    /// <summary>True.</summary>
    public static Value True => new(ValueKind.Bool, 1, 0, null);

    /// <summary>False.</summary>
    public static Value False => new(ValueKind.Bool, 0, 0, null);

    /// <summary>A boolean atom.</summary>
    public static Value Bool(bool b) => b ? True : False;

    /// <summary>An integer atom.</summary>
    public static Value Int(long i) => new(ValueKind.Int, i, 0, null);

    /// <summary>A float atom.</summary>
    public static Value Float(double d) => new(ValueKind.Float, 0, d, null);

    /// <summary>A string atom.</summary>
    public static Value String(string s) => new(ValueKind.String, 0, 0, s ?? throw new ArgumentNullException(nameof(s)));

    /// <summary>An integer atom.</summary>
    public static implicit operator Value(int i) => Int(i);

    /// <summary>An integer atom.</summary>
    public static implicit operator Value(long i) => Int(i);

    /// <summary>A float atom.</summary>
    public static implicit operator Value(double d) => Float(d);

    /// <summary>A boolean atom.</summary>
    public static implicit operator Value(bool b) => Bool(b);

    /// <summary>A string atom (null becomes None).</summary>
    public static implicit operator Value(string? s) => s is null ? None : String(s);

    /// <summary>True for None.</summary>
    public bool IsNone => Kind == ValueKind.None;

    /// <summary>True for bool, int and float (Python numbers; bool is a subclass of int).</summary>
    public bool IsNumeric => Kind is ValueKind.Bool or ValueKind.Int or ValueKind.Float;

    /// <summary>True for bool and int.</summary>
    public bool IsIntegral => Kind is ValueKind.Bool or ValueKind.Int;

    /// <summary>True for strings.</summary>
    public bool IsString => Kind == ValueKind.String;

    /// <summary>The number as a double (bools are 0/1); throws <see cref="RaspTypeError"/> for strings and None.</summary>
    public double AsDouble() => Kind switch
    {
        ValueKind.Bool or ValueKind.Int => Integer,
        ValueKind.Float => FloatValue,
        _ => throw new RaspTypeError($"expected a number, got {TypeName} {Repr()}"),
    };

    /// <summary>The integer (bools are 0/1); throws <see cref="RaspTypeError"/> for anything else.</summary>
    public long AsLong() => Kind switch
    {
        ValueKind.Bool or ValueKind.Int => Integer,
        _ => throw new RaspTypeError($"expected an int, got {TypeName} {Repr()}"),
    };

    /// <summary>The boolean; throws <see cref="RaspTypeError"/> when the atom is not a bool.</summary>
    public bool AsBool() => Kind == ValueKind.Bool ? Integer != 0 : throw new RaspTypeError($"expected a bool, got {TypeName} {Repr()}");

    /// <summary>The string; throws <see cref="RaspTypeError"/> when the atom is not a string.</summary>
    public string AsString() => _string ?? throw new RaspTypeError($"expected a string, got {TypeName} {Repr()}");

    /// <summary>Python truthiness: None, False, 0, 0.0 and "" are false.</summary>
    public bool IsTruthy => Kind switch
    {
        ValueKind.None => false,
        ValueKind.Bool or ValueKind.Int => Integer != 0,
        ValueKind.Float => FloatValue != 0.0,
        _ => _string!.Length != 0,
    };

    /// <summary>Python's type name: NoneType, bool, int, float, str.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.None => "NoneType",
        ValueKind.Bool => "bool",
        ValueKind.Int => "int",
        ValueKind.Float => "float",
        _ => "str",
    };

    /// <summary>Python equality: numbers compare by value across bool/int/float; strings ordinally; None equals None.
    /// NaN equals NaN here so that values can key collections (use <see cref="ValueOps.Eq"/> for Python's ==).</summary>
    public bool Equals(Value other)
    {
        if (IsNumeric && other.IsNumeric)
        {
            if (IsIntegral && other.IsIntegral) return Integer == other.Integer;
            if (Kind == ValueKind.Float && other.Kind == ValueKind.Float)
                return FloatValue == other.FloatValue || (double.IsNaN(FloatValue) && double.IsNaN(other.FloatValue));
            var (l, d) = IsIntegral ? (Integer, other.FloatValue) : (other.Integer, FloatValue);
            return FloatEqualsLong(d, l);
        }
        if (Kind != other.Kind) return false;
        return Kind == ValueKind.None || string.Equals(_string, other._string, StringComparison.Ordinal);
    }

    private static bool FloatEqualsLong(double d, long l)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || d != Math.Floor(d)) return false;
        if (d < -9.2233720368547758E18 || d >= 9.2233720368547758E18) return false;
        return (long)d == l;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    /// <summary>Equal and of the same kind (1, 1.0 and True are pairwise not identical). Used for AST equality.</summary>
    public bool IdenticalTo(Value other) => Kind == other.Kind && Equals(other);

    /// <summary>A hash consistent with Python equality (1, 1.0 and True hash alike).</summary>
    public override int GetHashCode()
    {
        switch (Kind)
        {
            case ValueKind.None: return 0x5bd1e995;
            case ValueKind.Bool:
            case ValueKind.Int: return Integer.GetHashCode();
            case ValueKind.Float:
                if (double.IsNaN(FloatValue)) return double.NaN.GetHashCode();
                if (!double.IsInfinity(FloatValue) && FloatValue == Math.Floor(FloatValue)
                    && FloatValue >= -9.2233720368547758E18 && FloatValue < 9.2233720368547758E18)
                    return ((long)FloatValue).GetHashCode();
                return FloatValue.GetHashCode();
            default: return StringComparer.Ordinal.GetHashCode(_string!);
        }
    }

    /// <summary>Python equality.</summary>
    public static bool operator ==(Value a, Value b) => a.Equals(b);

    /// <summary>Python inequality.</summary>
    public static bool operator !=(Value a, Value b) => !a.Equals(b);

    /// <summary>Python's <c>str()</c>: strings bare, floats shortest round-trip with a ".0" when integral, True/False, None.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.None => "None",
        ValueKind.Bool => Integer != 0 ? "True" : "False",
        ValueKind.Int => Integer.ToString(CultureInfo.InvariantCulture),
        ValueKind.Float => FormatFloat(FloatValue),
        _ => _string!,
    };

    /// <summary>Python's <c>repr()</c> as RASP writes literals: strings in double quotes, everything else as <see cref="ToString"/>.</summary>
    public string Repr() => Kind == ValueKind.String ? "\"" + _string + "\"" : ToString();

    /// <summary>Formats a double as Python's <c>repr(float)</c> does (1.0, 0.5, 1e+16, 1e-05, inf, nan).</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits and decimal exponent, then lay them out the way Python does.
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r.StartsWith('-');
        if (negative) r = r[1..];
        int exp = 0;
        int ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp = int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
            r = r[..ePos];
        }
        int dot = r.IndexOf('.');
        string intPart = dot >= 0 ? r[..dot] : r;
        string fracPart = dot >= 0 ? r[(dot + 1)..] : "";
        string digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        // decimal exponent of the first significant digit
        int pointPos = intPart.Length + exp - leadingZeros; // digits before the decimal point
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int sciExp = pointPos - 1;
        string body;
        if (sciExp >= 16 || sciExp < -4)
        {
            string mant = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = mant + "e" + (sciExp < 0 ? "-" : "+") + Math.Abs(sciExp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0)
            body = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length)
            body = digits + new string('0', pointPos - digits.Length) + ".0";
        else
            body = digits[..pointPos] + "." + digits[pointPos..];
        return negative ? "-" + body : body;
    }

    /// <summary>
    /// A total order for sorting value sets deterministically: None, then numbers by value (bool/int/float mixed),
    /// then strings ordinally. Not Python's ordering (which refuses to compare strings with numbers).
    /// </summary>
    public static int CompareTotal(Value a, Value b)
    {
        int Rank(Value v) => v.Kind == ValueKind.None ? 0 : v.IsNumeric ? 1 : 2;
        int ra = Rank(a), rb = Rank(b);
        if (ra != rb) return ra.CompareTo(rb);
        if (ra == 0) return 0;
        if (ra == 2) return string.CompareOrdinal(a._string, b._string);
        if (a.IsIntegral && b.IsIntegral) return a.Integer.CompareTo(b.Integer);
        int c = a.AsDouble().CompareTo(b.AsDouble());
        return c;
    }

    /// <summary>A comparer for <see cref="CompareTotal"/>.</summary>
    public static IComparer<Value> TotalOrder { get; } = Comparer<Value>.Create(CompareTotal);

    /// <summary>
    /// Turns vocabulary items into atoms: when every item parses as an integer they are all ints, otherwise they
    /// all stay strings (so "1,2,3" gives ints and "a,1" gives strings).
    /// </summary>
    public static IReadOnlyList<Value> ParseVocabulary(IEnumerable<string> items)
    {
        var list = items.ToList();
        bool allInts = list.Count > 0 && list.All(s =>
            long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        return list.Select(s => allInts ? Int(long.Parse(s, CultureInfo.InvariantCulture)) : String(s)).ToList();
    }
}
