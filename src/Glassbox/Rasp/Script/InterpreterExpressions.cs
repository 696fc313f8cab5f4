using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

public sealed partial class Interpreter
{
    /// <summary>Evaluates one expression in <paramref name="scope"/>.</summary>
    public ScriptValue Evaluate(ScriptExpr expression, Scope scope)
    {
        switch (expression)
        {
            case IntLiteral i: return new AtomValue(Value.Int(i.Value));
            case FloatLiteral f: return new AtomValue(Value.Float(f.Value));
            case StringLiteral s: return new AtomValue(Value.String(s.Value));
            case NameExpr n:
                return scope.TryLookup(n.Name, out var found) ? found
                    : throw new RaspScriptError(n.Span, $"Undefined variable: {n.Name}{Suggest(n.Name, scope)}");
            case ListExpr l:
                return new ListValue(l.Items.Select(item => NotApplied(Evaluate(item, scope), item.Span)).ToList());
            case DictExpr d:
                return DictValue.FromPairs(d.Entries.Select(p => new KeyValuePair<Value, ScriptValue>(
                    AtomKey(Evaluate(p.Key, scope), p.Key.Span), NotApplied(Evaluate(p.Value, scope), p.Value.Span))));
            case ListComprehension c:
            {
                var items = new List<ScriptValue>();
                foreach (var item in Iterate(Evaluate(c.Source, scope), c.Source.Span, "a comprehension"))
                {
                    var inner = new Scope(scope, scope.Origin);
                    Bind(c.Names, item, inner, c.Span);
                    items.Add(NotApplied(Evaluate(c.Element, inner), c.Element.Span));
                }
                return new ListValue(items);
            }
            case DictComprehension c:
            {
                var pairs = new List<KeyValuePair<Value, ScriptValue>>();
                foreach (var item in Iterate(Evaluate(c.Source, scope), c.Source.Span, "a comprehension"))
                {
                    var inner = new Scope(scope, scope.Origin);
                    Bind(c.Names, item, inner, c.Span);
                    pairs.Add(new(AtomKey(Evaluate(c.Key, inner), c.Key.Span), NotApplied(Evaluate(c.Value, inner), c.Value.Span)));
                }
                return DictValue.FromPairs(pairs);
            }
            case UnaryExpr u: return Operators.Unary(u.Operator, NotApplied(Evaluate(u.Operand, scope), u.Operand.Span), u.Span);
            case BinaryExpr { Operator: BinaryOperator.In } b:
                return Operators.In(NotApplied(Evaluate(b.Left, scope), b.Left.Span), NotApplied(Evaluate(b.Right, scope), b.Right.Span), FullSelector, b.Span);
            case BinaryExpr b:
                return Operators.Binary(b.Operator, NotApplied(Evaluate(b.Left, scope), b.Left.Span), NotApplied(Evaluate(b.Right, scope), b.Right.Span), b.Span);
            case TernaryExpr t:
            {
                var condition = NotApplied(Evaluate(t.Condition, scope), t.Condition.Span);
                if (condition is SOpValue c)
                {
                    var then = Operators.ToSOp(NotApplied(Evaluate(t.Then, scope), t.Then.Span), t.Then.Span);
                    var otherwise = Operators.ToSOp(NotApplied(Evaluate(t.Otherwise, scope), t.Otherwise.Span), t.Otherwise.Span);
                    return new SOpValue(Rasp.Where(c.SOp, then, otherwise).At(t.Span));
                }
                return Operators.IsTruthy(condition, t.Condition.Span)
                    ? NotApplied(Evaluate(t.Then, scope), t.Then.Span)
                    : NotApplied(Evaluate(t.Otherwise, scope), t.Otherwise.Span);
            }
            case CallExpr c: return Call(c, scope);
            case IndexExpr x:
                return Operators.Index(NotApplied(Evaluate(x.Target, scope), x.Target.Span), NotApplied(Evaluate(x.Index, scope), x.Index.Span), LengthSOp, x.Span);
            case SelectExpr s:
            {
                var keys = Operators.ToSOp(NotApplied(Evaluate(s.Keys, scope), s.Keys.Span), s.Keys.Span);
                var queries = Operators.ToSOp(NotApplied(Evaluate(s.Queries, scope), s.Queries.Span), s.Queries.Span);
                return new SelectorValue(new Select(keys, queries, Predicate.Of(Operators.ComparisonOf(s.Comparison))).At(s.Span));
            }
            case AggregateExpr a:
            {
                var selector = NotApplied(Evaluate(a.Selector, scope), a.Selector.Span) as SelectorValue
                    ?? throw new RaspScriptError(a.Selector.Span, "the first argument of aggregate must be a selector");
                var values = Operators.ToSOp(NotApplied(Evaluate(a.Values, scope), a.Values.Span), a.Values.Span);
                Value fallback = Value.Int(0);
                if (a.Default is not null)
                {
                    var d = NotApplied(Evaluate(a.Default, scope), a.Default.Span);
                    fallback = d is AtomValue atom ? atom.Atom
                        : throw new RaspScriptError(a.Default.Span, $"the default of aggregate must be an atom, not {Describe(d)}");
                }
                return new SOpValue(new Aggregate(selector.Selector, values, fallback).At(a.Span));
            }
            case RangeExpr r: return Operators.Range(r.Arguments.Select(e => NotApplied(Evaluate(e, scope), e.Span)).ToList(), r.Span);
            case ZipExpr z:
            {
                var lists = z.Arguments.Select(e => NotApplied(Evaluate(e, scope), e.Span) as ListValue
                    ?? throw new RaspScriptError(e.Span, "zip takes lists")).ToList();
                if (lists.Any(l => l.Items.Count != lists[0].Items.Count))
                    throw new RaspScriptError(z.Span, $"zip needs lists of equal length, got lengths {string.Join(", ", lists.Select(l => l.Items.Count))}");
                return new ListValue(Enumerable.Range(0, lists[0].Items.Count)
                    .Select(i => (ScriptValue)new ListValue(lists.Select(l => l.Items[i]).ToList())).ToList());
            }
            case LenExpr l:
                return NotApplied(Evaluate(l.Argument, scope), l.Argument.Span) is ListValue list
                    ? new AtomValue(Value.Int(list.Items.Count))
                    : throw new RaspScriptError(l.Argument.Span, "len works on lists only");
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name);
        }
    }

    private ScriptValue Call(CallExpr c, Scope scope)
    {
        var arguments = c.Arguments.Select(a => NotApplied(Evaluate(a, scope), a.Span)).ToList();
        RunningExample? backup = arguments.Count == 1 ? TryInput(arguments[0]) : null;
        if (backup is not null) _backupExamples.Add(backup);
        ScriptValue callee;
        try
        {
            callee = NotApplied(Evaluate(c.Callee, scope), c.Callee.Span);
        }
        finally
        {
            if (backup is not null) _backupExamples.RemoveAt(_backupExamples.Count - 1);
        }
        switch (callee)
        {
            case FunctionValue f: return CallFunction(f, arguments, c.Span);
            case BuiltinFunctionValue b:
                if (arguments.Count != b.Arity)
                    throw new RaspScriptError(c.Span, $"wrong number of args for {b.Name}- expected: {b.Arity}, got: {arguments.Count}.");
                return b.Apply(arguments[0], c.Span);
            case SOpValue or SelectorValue:
            {
                if (arguments.Count != 1)
                    throw new RaspScriptError(c.Span, $"an s-op or selector is applied to exactly one input, got {arguments.Count}");
                var input = ToInput(arguments[0], c.Arguments[0].Span);
                return callee is SOpValue s
                    ? new AppliedValue(input.Values, EvaluateSequence(s.SOp, input.Values, c.Span), null)
                    : new AppliedValue(input.Values, null, EvaluateMatrix(((SelectorValue)callee).Selector, input.Values, c.Span));
            }
            default:
                throw new RaspScriptError(c.Callee.Span, $"{Describe(callee)} is not a function, an s-op or a selector, so it cannot be applied");
        }
    }

    private ScriptValue CallFunction(FunctionValue f, IReadOnlyList<ScriptValue> arguments, SourceSpan span)
    {
        var def = f.Definition;
        if (arguments.Count != def.Parameters.Count)
            throw new RaspScriptError(span, $"wrong number of args for {def.Name}- expected: {def.Parameters.Count}, got: {arguments.Count}.");
        if (_callDepth >= MaxCallDepth)
            throw new RaspScriptError(span, $"calls nested more than {MaxCallDepth} deep (in {def.Name}): is the function recursive?");
        var local = new Scope(f.Closure, f.Origin);
        for (int i = 0; i < arguments.Count; i++) local.Assign(def.Parameters[i], arguments[i], span);
        _callDepth++;
        _silent++;
        try
        {
            foreach (var statement in def.Body) Execute(statement, local);
            var results = new List<ScriptValue>();
            foreach (var r in def.Returns)
            {
                var value = NotApplied(Evaluate(r, local), r.Span);
                Validate(value, r.Span);
                results.Add(value);
            }
            return results.Count == 1 ? results[0] : new ListValue(results);
        }
        finally
        {
            _silent--;
            _callDepth--;
        }
    }

    /// <summary>The input an s-op is applied to: a non-empty string (split into characters) or list of atoms.</summary>
    private static RunningExample ToInput(ScriptValue value, SourceSpan span)
    {
        var example = TryInput(value)
            ?? throw new RaspScriptError(span, $"an input must be a string or a list of atoms, not {Describe(value)}");
        if (example.Values.Count == 0) throw new RaspScriptError(span, "an input must be non-empty");
        return example;
    }

    private static RunningExample? TryInput(ScriptValue value) => value switch
    {
        AtomValue { Atom.Kind: ValueKind.String } a => RunningExample.FromText(a.Atom.AsString()),
        ListValue l when l.Items.All(i => i is AtomValue) => new RunningExample(l.Items.Select(i => ((AtomValue)i).Atom).ToList(), false),
        _ => null,
    };

    private static ScriptValue NotApplied(ScriptValue value, SourceSpan span) => value is AppliedValue
        ? throw new RaspScriptError(span, "the result of applying an s-op to an input is only printed; it cannot be used in an expression")
        : value;

    private static Value AtomKey(ScriptValue value, SourceSpan span) =>
        value is AtomValue a ? a.Atom : throw new RaspScriptError(span, $"dict keys must be atoms, not {Describe(value)}");

    /// <summary>" (did you mean x?)" for the closest visible name within two edits, or "".</summary>
    private static string Suggest(string name, Scope scope)
    {
        var best = scope.VisibleNames.Where(n => n != name)
            .Select(n => (Name: n, Distance: EditDistance(n, name)))
            .Where(p => p.Distance <= Math.Min(2, Math.Max(1, name.Length / 3)))
            .OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean {best.Name}?)";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private Selector FullSelector => Base.TryLookup("full_s", out var v) && v is SelectorValue s
        ? s.Selector : throw new InvalidOperationException("the standard library defines no full_s");

    private SOp LengthSOp => Base.TryLookup("length", out var v) && v is SOpValue s
        ? s.SOp : throw new InvalidOperationException("the standard library defines no length");
}
