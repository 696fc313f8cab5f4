namespace Glassbox.Rasp;

/// <summary>Binary operators of the RASP language on atoms (and, elementwise, on s-ops).</summary>
public enum BinaryOp
{
    /// <summary><c>+</c> (numbers add, strings concatenate).</summary>
    Add,
    /// <summary><c>-</c>.</summary>
    Sub,
    /// <summary><c>*</c>.</summary>
    Mul,
    /// <summary><c>/</c>, true division (always a float).</summary>
    Div,
    /// <summary><c>%</c>, Python modulo (the result has the divisor's sign).</summary>
    Mod,
    /// <summary><c>^</c>, power (Python <c>**</c>).</summary>
    Pow,
    /// <summary><c>==</c>.</summary>
    Eq,
    /// <summary><c>!=</c>.</summary>
    Neq,
    /// <summary><c>&lt;</c>.</summary>
    Lt,
    /// <summary><c>&lt;=</c>.</summary>
    Leq,
    /// <summary><c>&gt;</c>.</summary>
    Gt,
    /// <summary><c>&gt;=</c>.</summary>
    Geq,
    /// <summary><c>and</c>: on s-ops, the truthiness of both (a bool).</summary>
    And,
    /// <summary><c>or</c>: on s-ops, the truthiness of either (a bool).</summary>
    Or,
}

/// <summary>Unary operators of the RASP language.</summary>
public enum UnaryOp
{
    /// <summary><c>-x</c>.</summary>
    Neg,
    /// <summary><c>+x</c>.</summary>
    Pos,
    /// <summary><c>not x</c> (a bool).</summary>
    Not,
    /// <summary><c>round(x)</c>, banker's rounding to an int.</summary>
    Round,
    /// <summary><c>indicator(x)</c>: 1 if x is truthy else 0.</summary>
    Indicator,
}

/// <summary>Python arithmetic and comparisons on <see cref="Value"/> atoms, as RASP 0.1 inherits them.</summary>
public static class ValueOps
{
    /// <summary>The operator as RASP writes it.</summary>
    public static string Symbol(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/", BinaryOp.Mod => "%",
        BinaryOp.Pow => "^", BinaryOp.Eq => "==", BinaryOp.Neq => "!=", BinaryOp.Lt => "<", BinaryOp.Leq => "<=",
        BinaryOp.Gt => ">", BinaryOp.Geq => ">=", BinaryOp.And => "and", BinaryOp.Or => "or",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Applies a binary operator with RASP's s-op semantics (and/or give bools).</summary>
    public static Value Apply(BinaryOp op, Value a, Value b) => op switch
    {
        BinaryOp.Add => Add(a, b),
        BinaryOp.Sub => Sub(a, b),
        BinaryOp.Mul => Mul(a, b),
        BinaryOp.Div => Div(a, b),
        BinaryOp.Mod => Mod(a, b),
        BinaryOp.Pow => Pow(a, b),
        BinaryOp.Eq => Eq(a, b),
        BinaryOp.Neq => Neq(a, b),
        BinaryOp.Lt => Lt(a, b),
        BinaryOp.Leq => Leq(a, b),
        BinaryOp.Gt => Gt(a, b),
        BinaryOp.Geq => Geq(a, b),
        BinaryOp.And => Value.Bool(a.IsTruthy && b.IsTruthy),
        BinaryOp.Or => Value.Bool(a.IsTruthy || b.IsTruthy),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Applies a unary operator.</summary>
    public static Value Apply(UnaryOp op, Value a) => op switch
    {
        UnaryOp.Neg => Neg(a),
        UnaryOp.Pos => Pos(a),
        UnaryOp.Not => Not(a),
        UnaryOp.Round => Round(a),
        UnaryOp.Indicator => Indicator(a),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static RaspTypeError Unsupported(string op, Value a, Value b) =>
        new($"unsupported operand type(s) for {op}: '{a.TypeName}' and '{b.TypeName}' ({a.Repr()} {op} {b.Repr()})");

    private static Value Checked(Func<long> f, string what)
    {
        try { return Value.Int(f()); }
        catch (OverflowException) { throw new RaspError($"integer overflow in {what}"); }
    }

    /// <summary><c>a + b</c>: numbers add (bool/int stay int), strings concatenate.</summary>
    public static Value Add(Value a, Value b)
    {
        if (a.IsIntegral && b.IsIntegral) return Checked(() => checked(a.AsLong() + b.AsLong()), $"{a} + {b}");
        if (a.IsNumeric && b.IsNumeric) return Value.Float(a.AsDouble() + b.AsDouble());
        if (a.IsString && b.IsString) return Value.String(a.AsString() + b.AsString());
        throw Unsupported("+", a, b);
    }

    /// <summary><c>a - b</c>.</summary>
    public static Value Sub(Value a, Value b)
    {
        if (a.IsIntegral && b.IsIntegral) return Checked(() => checked(a.AsLong() - b.AsLong()), $"{a} - {b}");
        if (a.IsNumeric && b.IsNumeric) return Value.Float(a.AsDouble() - b.AsDouble());
        throw Unsupported("-", a, b);
    }

    /// <summary><c>a * b</c>; a string times an int repeats it, as in Python.</summary>
    public static Value Mul(Value a, Value b)
    {
        if (a.IsIntegral && b.IsIntegral) return Checked(() => checked(a.AsLong() * b.AsLong()), $"{a} * {b}");
        if (a.IsNumeric && b.IsNumeric) return Value.Float(a.AsDouble() * b.AsDouble());
        if (a.IsString && b.IsIntegral) return Repeat(a.AsString(), b.AsLong());
        if (a.IsIntegral && b.IsString) return Repeat(b.AsString(), a.AsLong());
        throw Unsupported("*", a, b);
    }

    private static Value Repeat(string s, long n)
    {
        if (n <= 0) return Value.String("");
        if (n * (long)s.Length > 1_000_000) throw new RaspError($"string repetition too long ({n} copies)");
        return Value.String(string.Concat(Enumerable.Repeat(s, (int)n)));
    }

    /// <summary><c>a / b</c>: true division, always a float; dividing by zero is an error.</summary>
    public static Value Div(Value a, Value b)
    {
        if (!a.IsNumeric || !b.IsNumeric) throw Unsupported("/", a, b);
        double d = b.AsDouble();
        if (d == 0) throw new RaspError($"division by zero ({a.Repr()} / {b.Repr()})");
        return Value.Float(a.AsDouble() / d);
    }

    /// <summary><c>a % b</c>: Python modulo, whose result takes the sign of the divisor (<c>-7 % 3 == 2</c>).</summary>
    public static Value Mod(Value a, Value b)
    {
        if (!a.IsNumeric || !b.IsNumeric) throw Unsupported("%", a, b);
        if (b.AsDouble() == 0) throw new RaspError($"modulo by zero ({a.Repr()} % {b.Repr()})");
        if (a.IsIntegral && b.IsIntegral)
        {
            long x = a.AsLong(), y = b.AsLong();
            if (y == -1) return Value.Int(0);
            long r = x % y;
            if (r != 0 && (r < 0) != (y < 0)) r += y;
            return Value.Int(r);
        }
        double fx = a.AsDouble(), fy = b.AsDouble();
        double fr = fx % fy;
        if (fr != 0) { if ((fr < 0) != (fy < 0)) fr += fy; }
        else fr = Math.CopySign(0.0, fy);
        return Value.Float(fr);
    }

    /// <summary><c>a ^ b</c>: Python power (int to a non-negative int stays int; <c>2^-1 == 0.5</c>).</summary>
    public static Value Pow(Value a, Value b)
    {
        if (!a.IsNumeric || !b.IsNumeric) throw Unsupported("^", a, b);
        if (a.IsIntegral && b.IsIntegral && b.AsLong() >= 0)
        {
            long x = a.AsLong(), n = b.AsLong();
            return Checked(() =>
            {
                long result = 1, bas = x, e = n;
                while (e > 0)
                {
                    if ((e & 1) == 1) result = checked(result * bas);
                    e >>= 1;
                    if (e > 0) bas = checked(bas * bas);
                }
                return result;
            }, $"{a} ^ {b}");
        }
        double fa = a.AsDouble(), fb = b.AsDouble();
        if (fa == 0 && fb < 0) throw new RaspError($"0 cannot be raised to a negative power ({a.Repr()} ^ {b.Repr()})");
        if (fa < 0 && fb != Math.Floor(fb)) throw new RaspError($"a negative number to a fractional power is complex ({a.Repr()} ^ {b.Repr()})");
        return Value.Float(Math.Pow(fa, fb));
    }

    /// <summary><c>-a</c> (bools become ints).</summary>
    public static Value Neg(Value a) => a.Kind switch
    {
        ValueKind.Bool or ValueKind.Int => Checked(() => checked(-a.AsLong()), $"-{a}"),
        ValueKind.Float => Value.Float(-a.AsDouble()),
        _ => throw new RaspTypeError($"bad operand type for unary -: '{a.TypeName}' ({a.Repr()})"),
    };

    /// <summary><c>+a</c> (bools become ints).</summary>
    public static Value Pos(Value a) => a.Kind switch
    {
        ValueKind.Bool or ValueKind.Int => Value.Int(a.AsLong()),
        ValueKind.Float => a,
        _ => throw new RaspTypeError($"bad operand type for unary +: '{a.TypeName}' ({a.Repr()})"),
    };

    /// <summary><c>not a</c>: the negated truthiness.</summary>
    public static Value Not(Value a) => Value.Bool(!a.IsTruthy);

    /// <summary><c>indicator(a)</c>: 1 if truthy else 0.</summary>
    public static Value Indicator(Value a) => Value.Int(a.IsTruthy ? 1 : 0);

    /// <summary><c>round(a)</c>: Python's one-argument round, banker's rounding to an int (<c>round(2.5) == 2</c>).</summary>
    public static Value Round(Value a)
    {
        if (a.IsIntegral) return Value.Int(a.AsLong());
        if (a.Kind != ValueKind.Float) throw new RaspTypeError($"type {a.TypeName} doesn't define round ({a.Repr()})");
        double d = a.AsDouble();
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new RaspError($"cannot round {a}");
        double r = Math.Round(d, MidpointRounding.ToEven);
        if (r < -9.2233720368547758E18 || r >= 9.2233720368547758E18) throw new RaspError($"integer overflow in round({a})");
        return Value.Int((long)r);
    }

    /// <summary>Python <c>==</c> as a bool atom (numbers across kinds; a string never equals a number).</summary>
    public static Value Eq(Value a, Value b) => Value.Bool(PyEquals(a, b));

    /// <summary>Python <c>!=</c> as a bool atom.</summary>
    public static Value Neq(Value a, Value b) => Value.Bool(!PyEquals(a, b));

    /// <summary>Python <c>==</c> (NaN is not equal to itself here, unlike <see cref="Value.Equals(Value)"/>).</summary>
    public static bool PyEquals(Value a, Value b)
    {
        if (a.Kind == ValueKind.Float && double.IsNaN(a.AsDouble())) return false;
        if (b.Kind == ValueKind.Float && double.IsNaN(b.AsDouble())) return false;
        return a.Equals(b);
    }

    /// <summary>
    /// Python ordering: numbers with numbers, strings with strings (ordinal); anything else is a
    /// <see cref="RaspTypeError"/>. Returns negative, zero or positive.
    /// </summary>
    public static int Compare(Value a, Value b, string op = "<")
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.IsIntegral && b.IsIntegral) return a.AsLong().CompareTo(b.AsLong());
            return a.AsDouble().CompareTo(b.AsDouble());
        }
        if (a.IsString && b.IsString) return Math.Sign(string.CompareOrdinal(a.AsString(), b.AsString()));
        throw new RaspTypeError($"'{op}' not supported between instances of '{a.TypeName}' and '{b.TypeName}' ({a.Repr()} {op} {b.Repr()})");
    }

    private static bool HasNaN(Value a, Value b) =>
        (a.Kind == ValueKind.Float && double.IsNaN(a.AsDouble())) || (b.Kind == ValueKind.Float && double.IsNaN(b.AsDouble()));

    /// <summary>Python <c>&lt;</c>.</summary>
    public static Value Lt(Value a, Value b) { int c = Compare(a, b, "<"); return Value.Bool(!HasNaN(a, b) && c < 0); }

    /// <summary>Python <c>&lt;=</c>.</summary>
    public static Value Leq(Value a, Value b) { int c = Compare(a, b, "<="); return Value.Bool(!HasNaN(a, b) && c <= 0); }

    /// <summary>Python <c>&gt;</c>.</summary>
    public static Value Gt(Value a, Value b) { int c = Compare(a, b, ">"); return Value.Bool(!HasNaN(a, b) && c > 0); }

    /// <summary>Python <c>&gt;=</c>.</summary>
    public static Value Geq(Value a, Value b) { int c = Compare(a, b, ">="); return Value.Bool(!HasNaN(a, b) && c >= 0); }

    /// <summary>Python's <c>a and b</c> on atoms: <c>a</c> if it is falsy, else <c>b</c>.</summary>
    public static Value PyAnd(Value a, Value b) => a.IsTruthy ? b : a;

    /// <summary>Python's <c>a or b</c> on atoms: <c>a</c> if it is truthy, else <c>b</c>.</summary>
    public static Value PyOr(Value a, Value b) => a.IsTruthy ? a : b;

    /// <summary>Python's <c>x in list</c>: membership by Python equality.</summary>
    public static Value In(Value x, IEnumerable<Value> list) => Value.Bool(list.Any(v => PyEquals(v, x)));
}
