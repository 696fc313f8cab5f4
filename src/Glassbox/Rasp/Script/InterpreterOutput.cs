using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

public sealed partial class Interpreter
{
    /// <summary>Evaluates <paramref name="sop"/> on <paramref name="input"/> with RASP 0.1's aggregate semantics.</summary>
    /// <exception cref="RaspScriptError">when the evaluation fails or breaks the one-type-per-s-op rule.</exception>
    public static IReadOnlyList<Value> EvaluateSequence(SOp sop, IReadOnlyList<Value> input, SourceSpan? span)
    {
        try
        {
            var values = RaspEvaluator.Evaluate(sop, input, AggregateSemantics.Rasp01);
            Printer.TypeWord(values);
            return values;
        }
        catch (RaspError e) when (e is not RaspScriptError)
        {
            throw EvaluationFailed(span, e);
        }
    }

    private static RaspScriptError EvaluationFailed(SourceSpan? span, RaspError e) =>
        new(span is not null && e.Message.Contains(span.ToString(), StringComparison.Ordinal) ? null : span, e.Message, duringEvaluation: true);

    /// <summary>Evaluates <paramref name="selector"/> on <paramref name="input"/>: matrix [query, key].</summary>
    public static bool[,] EvaluateMatrix(Selector selector, IReadOnlyList<Value> input, SourceSpan? span)
    {
        try
        {
            return new RaspEvaluator(AggregateSemantics.Rasp01).Evaluate(selector, input);
        }
        catch (RaspError e) when (e is not RaspScriptError)
        {
            throw EvaluationFailed(span, e);
        }
    }

    /// <summary>
    /// RASP 0.1's eager check: a new s-op or selector must evaluate on the running example (or on the input it is
    /// about to be applied to); otherwise the statement is rejected.
    /// </summary>
    private void Validate(ScriptValue value, SourceSpan span)
    {
        if (value is not (SOpValue or SelectorValue)) return;
        var candidates = _backupExamples.AsEnumerable().Reverse()
            .Append(value is SOpValue ? Settings.SOpExample : Settings.SelectorExample).ToList();
        RaspScriptError? first = null;
        foreach (var example in candidates)
        {
            try
            {
                if (value is SOpValue s) EvaluateSequence(s.SOp, example.Values, span);
                else EvaluateMatrix(((SelectorValue)value).Selector, example.Values, span);
                return;
            }
            catch (RaspScriptError e)
            {
                first ??= e;
            }
        }
        throw first!;
    }

    private void Print(string name, ScriptValue value, Scope scope)
    {
        if (_silent > 0) return;
        var lines = new List<string>();
        Describe(name, value, lines);
        Emit(name, lines);
    }

    private void Describe(string name, ScriptValue value, List<string> lines)
    {
        switch (value)
        {
            case SOpValue s:
                lines.Add($"     s-op: {name}");
                if (!Settings.ShowSOpExamples || _recorders.Count > 0) break;
                var example = Settings.SOpExample;
                var result = EvaluateSequence(s.SOp, example.Values, s.SOp.Span);
                if (Settings.FullSeqDisplay)
                {
                    lines.Add($" \t Example: {name}({example}) =");
                    lines.AddRange(Printer.FullDisplay(example.Values, result));
                }
                else lines.Add($" \t Example: {name}({example}) = {Printer.Sequence(result)}");
                break;
            case SelectorValue s:
                lines.Add($"     selector: {name}");
                if (!Settings.ShowSelectorExamples || _recorders.Count > 0) break;
                lines.Add(" \t Example:");
                lines.AddRange(Printer.Matrix(Settings.SelectorExample.Values, EvaluateMatrix(s.Selector, Settings.SelectorExample.Values, s.Selector.Span)));
                break;
            case AtomValue a:
                lines.Add($"    value: {name} =  {Printer.Atom(a.Atom)}");
                break;
            case ListValue l when l.Items.Any(IsProgram):
                lines.Add($"     list: {name} =");
                for (int i = 0; i < l.Items.Count; i++) Describe($"{name}[{i}]", l.Items[i], lines);
                break;
            case ListValue l:
                lines.Add($"     list: {name} = {Printer.Container(l)}");
                break;
            case DictValue d when d.Entries.Any(p => IsProgram(p.Value)):
                lines.Add($"     dict: {name} =");
                foreach (var (key, item) in d.Entries) Describe($"{name}[{key.Repr()}]", item, lines);
                break;
            case DictValue d:
                lines.Add($"     dict: {name} = {Printer.Container(d)}");
                break;
            case FunctionValue f:
                lines.Add($"     {f.Origin} function: {f.Signature}");
                break;
            case BuiltinFunctionValue b:
                lines.Add($"     builtin function: {b.Name}(x)");
                break;
        }
    }

    private static bool IsProgram(ScriptValue v) => v switch
    {
        SOpValue or SelectorValue => true,
        ListValue l => l.Items.Any(IsProgram),
        DictValue d => d.Entries.Any(p => IsProgram(p.Value)),
        _ => false,
    };

    private void PrintApplied(AppliedValue applied)
    {
        if (_silent > 0) return;
        if (applied.Sequence is { } sequence)
        {
            if (Settings.FullSeqDisplay)
                Emit(null, ["\t = ", .. Printer.FullDisplay(applied.Input, sequence)]);
            else
                Emit(null, ["\t =  " + Printer.Sequence(sequence)]);
        }
        else
            Emit(null, ["\t = ", .. Printer.Matrix(applied.Input, applied.Matrix!)]);
    }

    private void Draw(DrawStatement s, Scope scope)
    {
        var value = Evaluate(s.SOp, scope);
        if (value is not SOpValue sop)
            throw new RaspScriptError(s.SOp.Span, $"draw expects an s-op, not {Describe(value)}");
        var input = s.Input is null ? Settings.SOpExample.Values : ToInput(Evaluate(s.Input, scope), s.Input.Span).Values;
        var result = EvaluateSequence(sop.SOp, input, s.Span);
        if (_silent > 0) return;
        var drawn = sop.SOp.Name is null && s.SOp is NameExpr n ? sop.SOp.Named(n.Name) : sop.SOp;
        Emit(null, ["\t =  " + Printer.Sequence(result), .. DrawText.Lines(drawn, input)]);
    }

    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

    private void Load(LoadStatement s, Scope scope)
    {
        if (!AllowLoad)
            throw new RaspScriptError(s.Span, $"load \"{s.Path}\" is turned off here: this program runs alone and reads no files (paste the definitions in instead)");
        string path = ResolveLoad(s);
        if (!_loading.Add(path))
            throw new RaspScriptError(s.Span, $"load cycle: \"{s.Path}\" is already being loaded");
        var recorder = new LoadRecorder();
        var (showSOps, showSelectors, silent) = (Settings.ShowSOpExamples, Settings.ShowSelectorExamples, _silent);
        _recorders.Push(recorder);
        _silent = 0;
        try
        {
            var source = new SourceText(Path.GetRelativePath(WorkingDirectory, path), File.ReadAllText(path));
            var fileScope = new Scope(Base, s.Path, stealInto: scope);
            var parser = new Parser(source);
            while (!parser.AtEnd && !ExitRequested)
            {
                var statement = parser.TryParseStatement(out var syntaxError);
                if (syntaxError is not null) { ReportError(syntaxError); continue; }
                try { Execute(statement!, fileScope); }
                catch (UserError error) { ReportError(error); }
            }
        }
        finally
        {
            _recorders.Pop();
            _loading.Remove(path);
            (Settings.ShowSOpExamples, Settings.ShowSelectorExamples, _silent) = (showSOps, showSelectors, silent);
        }
        if (recorder.HadError)
        {
            foreach (var (name, lines) in recorder.Entries) Emit(name, lines);
            return;
        }
        var last = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, lines) in recorder.Entries)
        {
            if (name is null || name.StartsWith('_')) continue;
            if (!last.ContainsKey(name)) order.Add(name);
            last[name] = lines;
        }
        foreach (var name in order) Emit(name, last[name]);
    }

    /// <summary>
    /// <c>load "p";</c> reads <c>p.rasp</c> relative to the working directory (as RASP 0.1 does), and failing that
    /// relative to the directory of the file that contains the load.
    /// </summary>
    private string ResolveLoad(LoadStatement s)
    {
        string file = s.Path.EndsWith(".rasp", StringComparison.Ordinal) ? s.Path : s.Path + ".rasp";
        var candidates = new List<string> { Path.Combine(WorkingDirectory, file) };
        string? from = Path.GetDirectoryName(s.Span.File);
        if (!string.IsNullOrEmpty(from)) candidates.Add(Path.Combine(WorkingDirectory, from, file));
        foreach (var candidate in candidates)
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new RaspScriptError(s.Span, $"cannot load \"{s.Path}\": no file {string.Join(" or ", candidates.Select(c => Path.GetRelativePath(WorkingDirectory, c)).Distinct())}");
    }
}
