using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>
/// The operators of the text language on script values. On atoms they are Python's; with an s-op they build AST
/// nodes through the shared factories of <see cref="ElementFunction"/> and <see cref="SequenceFunction"/>, so text
/// and the C# DSL build equal trees (<c>tokens + 1</c> is <c>Map(x + 1, tokens)</c> either way).
/// </summary>
internal static class Operators
{
    public static BinaryOp ToBinaryOp(BinaryOperator op) => op switch
    {
        BinaryOperator.Power => BinaryOp.Pow,
        BinaryOperator.Multiply => BinaryOp.Mul,
        BinaryOperator.Divide => BinaryOp.Div,
        BinaryOperator.Modulo => BinaryOp.Mod,
        BinaryOperator.Add => BinaryOp.Add,
        BinaryOperator.Subtract => BinaryOp.Sub,
        BinaryOperator.Equal => BinaryOp.Eq,
        BinaryOperator.Less => BinaryOp.Lt,
        BinaryOperator.LessEqual => BinaryOp.Leq,
        BinaryOperator.Greater => BinaryOp.Gt,
        BinaryOperator.GreaterEqual => BinaryOp.Geq,
        BinaryOperator.And => BinaryOp.And,
        BinaryOperator.Or => BinaryOp.Or,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static Comparison ComparisonOf(SelectComparison c) => c switch
    {
        SelectComparison.Equal => Comparison.Eq,
        SelectComparison.NotEqual => Comparison.Neq,
        SelectComparison.Less => Comparison.Lt,
        SelectComparison.LessEqual => Comparison.Leq,
        SelectComparison.Greater => Comparison.Gt,
        SelectComparison.GreaterEqual => Comparison.Geq,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>An atom becomes a constant s-op (RASP's <c>toseq</c>); an s-op stays; anything else is an error.</summary>
    public static SOp ToSOp(ScriptValue value, SourceSpan span) => value switch
    {
        SOpValue s => s.SOp,
        AtomValue a => Rasp.Full(a.Atom).At(span),
        _ => throw new RaspScriptError(span, $"expected an s-op or an atom, got {Interpreter.Describe(value)}"),
    };

    public static bool IsTruthy(ScriptValue value, SourceSpan span) => value switch
    {
        AtomValue a => a.Atom.IsTruthy,
        ListValue l => l.Items.Count > 0,
        DictValue d => d.Entries.Count > 0,
        _ => throw new RaspScriptError(span, $"the condition of a ternary must be an atom or an s-op, not {Interpreter.Describe(value)}"),
    };

    public static ScriptValue Unary(UnaryOperator op, ScriptValue operand, SourceSpan span)
    {
        var unaryOp = op switch
        {
            UnaryOperator.Not => UnaryOp.Not,
            UnaryOperator.Negate => UnaryOp.Neg,
            UnaryOperator.Plus => UnaryOp.Pos,
            UnaryOperator.Round => UnaryOp.Round,
            _ => UnaryOp.Indicator,
        };
        switch (operand)
        {
            case SOpValue s:
                return new SOpValue(new Map(ElementFunction.Unary(unaryOp), s.SOp).At(span));
            case SelectorValue s when op == UnaryOperator.Not:
                return new SelectorValue(new SelectorNot(s.Selector).At(span));
            case AtomValue a when op != UnaryOperator.Indicator:
                return new AtomValue(ValueOps.Apply(unaryOp, a.Atom));
            case AtomValue:
                throw new RaspScriptError(span, "indicator(...) needs an s-op (for an atom, write 1 if x else 0)");
            default:
                throw new RaspScriptError(span, $"cannot apply {Spell(op)} to {Interpreter.Describe(operand)}");
        }
    }

    public static ScriptValue Binary(BinaryOperator op, ScriptValue left, ScriptValue right, SourceSpan span)
    {
        var binaryOp = ToBinaryOp(op);
        string symbol = binaryOp.Symbol();
        if (left is SelectorValue || right is SelectorValue)
        {
            if (op is BinaryOperator.And or BinaryOperator.Or)
            {
                if (left is SelectorValue l && right is SelectorValue r)
                    return new SelectorValue((op == BinaryOperator.And ? new SelectorAnd(l.Selector, r.Selector) : (Selector)new SelectorOr(l.Selector, r.Selector)).At(span));
                throw new RaspScriptError(span, $"Cannot apply {symbol} between selector and non-selector");
            }
            throw new RaspScriptError(span, $"Cannot apply {symbol} to selector(s)");
        }
        switch (left, right)
        {
            case (AtomValue a, AtomValue b):
                var result = op switch
                {
                    BinaryOperator.And => ValueOps.PyAnd(a.Atom, b.Atom),
                    BinaryOperator.Or => ValueOps.PyOr(a.Atom, b.Atom),
                    _ => Atoms(binaryOp, a.Atom, b.Atom, span),
                };
                return new AtomValue(result);
            case (SOpValue a, AtomValue b):
                return new SOpValue(new Map(ElementFunction.WithRight(binaryOp, b.Atom), a.SOp).At(span));
            case (AtomValue a, SOpValue b):
                return new SOpValue(new Map(ElementFunction.WithLeft(a.Atom, binaryOp), b.SOp).At(span));
            case (SOpValue a, SOpValue b):
                return new SOpValue(new SequenceMap(SequenceFunction.Binary(binaryOp), EquatableList.Of(a.SOp, b.SOp)).At(span));
            case (ListValue a, ListValue b) when op == BinaryOperator.Add:
                if (a.Items.Count + b.Items.Count > Interpreter.MaxCollectionLength)
                    throw new RaspScriptError(span, $"list longer than {Interpreter.MaxCollectionLength} elements");
                return new ListValue([.. a.Items, .. b.Items]);
            default:
                throw new RaspScriptError(span, $"unsupported operand types for {symbol}: {Interpreter.Describe(left)} and {Interpreter.Describe(right)}");
        }
    }

    private static Value Atoms(BinaryOp op, Value a, Value b, SourceSpan span)
    {
        if (op == BinaryOp.Add && a.IsString && b.IsString && a.AsString().Length + b.AsString().Length > Interpreter.MaxCollectionLength)
            throw new RaspScriptError(span, $"string longer than {Interpreter.MaxCollectionLength} characters");
        if (op == BinaryOp.Mul && (a.IsString || b.IsString))
            throw new RaspScriptError(span, $"unsupported operand types for *: {a.TypeName} and {b.TypeName}");
        try { return ValueOps.Apply(op, a, b); }
        catch (RaspError e) { throw new RaspScriptError(span, e.Message); }
    }

    /// <summary>
    /// <c>x in c</c>: atom in list/dict is membership; s-op in list/dict is elementwise membership; atom in s-op is
    /// RASP's <c>aggregate(full_s, indicator(sop == atom)) &gt; 0</c> (one attention layer).
    /// </summary>
    public static ScriptValue In(ScriptValue left, ScriptValue right, Selector fullSelector, SourceSpan span)
    {
        switch (left, right)
        {
            case (AtomValue a, ListValue l):
                return new AtomValue(Value.Bool(l.Items.Any(i => i is AtomValue x && ValueOps.PyEquals(x.Atom, a.Atom))));
            case (AtomValue a, DictValue d):
                return new AtomValue(Value.Bool(d.TryGet(a.Atom, out _)));
            case (AtomValue a, AtomValue { Atom.Kind: ValueKind.String } s) when a.Atom.IsString:
                return new AtomValue(Value.Bool(s.Atom.AsString().Contains(a.Atom.AsString(), StringComparison.Ordinal)));
            case (SOpValue s, ListValue l):
                return new SOpValue(new Map(ElementFunction.In(Atoms(l.Items, span)), s.SOp).At(span));
            case (SOpValue s, DictValue d):
                return new SOpValue(new Map(ElementFunction.In(d.Entries.Select(p => p.Key).ToList()), s.SOp).At(span));
            case (AtomValue a, SOpValue s):
            {
                var equal = new Map(ElementFunction.WithRight(BinaryOp.Eq, a.Atom), s.SOp).At(span);
                var indicator = new Map(ElementFunction.Unary(UnaryOp.Indicator), equal).At(span);
                var fraction = new Aggregate(fullSelector, indicator, Value.Int(0)).At(span);
                return new SOpValue(new Map(ElementFunction.WithRight(BinaryOp.Gt, Value.Int(0)), fraction).At(span));
            }
            default:
                throw new RaspScriptError(span, $"cannot test membership of {Interpreter.Describe(left)} in {Interpreter.Describe(right)}");
        }
    }

    /// <summary>
    /// <c>t[i]</c>: list, string and dict indexing on atoms; <c>list[sop]</c>/<c>dict[sop]</c> elementwise lookups;
    /// <c>sop[i]</c> loads position i everywhere through <c>aggregate(select(indices, i, ==), sop)</c>, with a
    /// negative i counted from <c>length</c>.
    /// </summary>
    public static ScriptValue Index(ScriptValue target, ScriptValue index, SOp length, SourceSpan span)
    {
        switch (target, index)
        {
            case (ListValue l, AtomValue i):
                return l.Items[Position(i.Atom, l.Items.Count, span)];
            case (AtomValue { Atom.Kind: ValueKind.String } s, AtomValue i):
            {
                var text = s.Atom.AsString();
                return new AtomValue(Value.String(text[Position(i.Atom, text.Length, span)].ToString()));
            }
            case (DictValue d, AtomValue k):
                return d.TryGet(k.Atom, out var found) ? found : throw new RaspScriptError(span, $"index [ {k.Atom.Repr()} ] not in dict.");
            case (ListValue l, SOpValue s):
                return new SOpValue(new Map(ElementFunction.LookupIn(Atoms(l.Items, span)), s.SOp).At(span));
            case (DictValue d, SOpValue s):
            {
                var pairs = d.Entries.Select(p => p.Value is AtomValue a ? new KeyValuePair<Value, Value>(p.Key, a.Atom)
                    : throw new RaspScriptError(span, "an s-op can only index a dict whose values are atoms")).ToList();
                return new SOpValue(new Map(ElementFunction.LookupIn(pairs), s.SOp).At(span));
            }
            case (SOpValue s, AtomValue { Atom.Kind: ValueKind.Int } i):
            {
                long at = i.Atom.AsLong();
                SOp queries = at >= 0 ? Rasp.Full(i.Atom).At(span)
                    : new Map(ElementFunction.WithRight(BinaryOp.Add, i.Atom), length).At(span);
                var select = new Select(Rasp.Indices, queries, Predicate.Of(Comparison.Eq)).At(span);
                return new SOpValue(new Aggregate(select, s.SOp, Value.Int(0)).At(span));
            }
            case (SOpValue, SOpValue):
                throw new RaspScriptError(span, "an s-op cannot be indexed by an s-op (use load_from_location(seq, location))");
            default:
                throw new RaspScriptError(span, $"cannot index {Interpreter.Describe(target)} with {Interpreter.Describe(index)}");
        }
    }

    public static ScriptValue Range(IReadOnlyList<ScriptValue> arguments, SourceSpan span)
    {
        var ints = arguments.Select(a => a is AtomValue { Atom.Kind: ValueKind.Int } i ? i.Atom.AsLong()
            : throw new RaspScriptError(span, $"range takes ints, not {Interpreter.Describe(a)}")).ToList();
        var (start, stop, step) = ints.Count switch
        {
            1 => (0L, ints[0], 1L),
            2 => (ints[0], ints[1], 1L),
            _ => (ints[0], ints[1], ints[2]),
        };
        if (step == 0) throw new RaspScriptError(span, "range step must not be zero");
        double count = Math.Max(0, Math.Ceiling(((double)stop - start) / step));
        if (count > Interpreter.MaxCollectionLength)
            throw new RaspScriptError(span, $"range of more than {Interpreter.MaxCollectionLength} elements");
        var items = new List<ScriptValue>();
        for (long v = start; step > 0 ? v < stop : v > stop; v += step) items.Add(new AtomValue(Value.Int(v)));
        return new ListValue(items);
    }

    private static int Position(Value index, int count, SourceSpan span)
    {
        if (index.Kind != ValueKind.Int) throw new RaspScriptError(span, $"indices must be ints, not {index.TypeName}");
        long i = index.AsLong();
        if (i < 0) i += count;
        if (i < 0 || i >= count) throw new RaspScriptError(span, $"index {index} out of range (length {count})");
        return (int)i;
    }

    private static List<Value> Atoms(IReadOnlyList<ScriptValue> items, SourceSpan span) =>
        items.Select(i => i is AtomValue a ? a.Atom : throw new RaspScriptError(span, "an s-op can only be combined with a list of atoms")).ToList();

    private static string Spell(UnaryOperator op) => op switch
    {
        UnaryOperator.Not => "not",
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        UnaryOperator.Round => "round",
        _ => "indicator",
    };
}
