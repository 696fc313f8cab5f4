using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>
/// Runs RASP 0.1 text: statements, REPL commands, <c>load</c>, functions and the eager test-evaluation of every new
/// s-op or selector on the running example. Output goes to one <see cref="TextWriter"/> in RASP 0.1's print formats;
/// a failing statement prints an error and the interpreter goes on.
/// </summary>
public sealed partial class Interpreter
{
    private readonly TextWriter _output;
    private readonly Stack<LoadRecorder> _recorders = new();
    private readonly List<RunningExample> _backupExamples = [];
    private int _silent;
    private int _callDepth;

    /// <summary>The deepest chain of function calls allowed before the call is refused.</summary>
    public const int MaxCallDepth = 200;

    /// <summary>The longest list or string a script may build.</summary>
    public const int MaxCollectionLength = 1_000_000;

    /// <summary>Creates an interpreter that prints to <paramref name="output"/>, with the standard library loaded.</summary>
    public Interpreter(TextWriter output, string? workingDirectory = null)
    {
        _output = output;
        WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
        Base = new Scope(null, "rasplib");
        Builtins.Install(this, Base);
        Console = new Scope(Base, "console");
    }

    /// <summary>The display state (running examples, example printouts, full display).</summary>
    public ScriptSettings Settings { get; } = new();

    /// <summary>The base scope: builtins, the standard library and <c>tokens</c>. Loaded files run under it.</summary>
    public Scope Base { get; }

    /// <summary>The scope of the REPL or of the script being run.</summary>
    public Scope Console { get; }

    /// <summary>The directory <c>load</c> paths are resolved against first.</summary>
    public string WorkingDirectory { get; set; }

    /// <summary>True after <c>exit</c> or <c>quit</c>.</summary>
    public bool ExitRequested { get; private set; }

    /// <summary>Where errors are printed when not with the other output (null: in line with it).</summary>
    public TextWriter? Errors { get; init; }

    /// <summary>Called with every error the interpreter prints (after counting it): a page uses it to mark the line.</summary>
    public Action<UserError>? ErrorReported { get; init; }

    /// <summary>False makes <c>load</c> an error: a server runs the one text it was sent and reads no files.</summary>
    public bool AllowLoad { get; init; } = true;

    /// <summary>How many statements have failed (syntax or runtime) so far.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Looks a name up in the REPL scope (tests and the CLI use this to fetch s-ops).</summary>
    public ScriptValue? Lookup(string name) => Console.TryLookup(name, out var value) ? value : null;

    /// <summary>
    /// Runs every statement of <paramref name="source"/> in <paramref name="scope"/> (the REPL scope by default). A
    /// statement that fails to parse or to run prints its error, and the run goes on with the next one.
    /// </summary>
    public void Run(SourceText source, Scope? scope = null)
    {
        scope ??= Console;
        var parser = new Parser(source);
        while (!parser.AtEnd && !ExitRequested)
        {
            var statement = parser.TryParseStatement(out var syntaxError);
            if (syntaxError is not null) { ReportError(syntaxError); continue; }
            RunStatement(statement!, scope);
        }
    }

    /// <summary>Runs one parsed statement at top level, printing (not throwing) any user error.</summary>
    public void RunStatement(ScriptStatement statement, Scope? scope = null)
    {
        try
        {
            Execute(statement, scope ?? Console);
        }
        catch (UserError error)
        {
            ReportError(error);
        }
        finally
        {
            _silent = 0;
            _callDepth = 0;
            _backupExamples.Clear();
        }
    }

    /// <summary>Runs one statement of the standard library silently (errors are counted, not printed).</summary>
    internal void RunLibraryStatement(ScriptStatement statement, Scope scope)
    {
        _silent = 1;
        try { Execute(statement, scope); }
        catch (UserError) { ErrorCount++; }
        finally { _silent = 0; }
    }

    /// <summary>Prints a user error in the REPL's style and counts it.</summary>
    public void ReportError(UserError error)
    {
        ErrorCount++;
        ErrorReported?.Invoke(error);
        if (_recorders.TryPeek(out var recorder)) recorder.HadError = true;
        IEnumerable<string> lines = error switch
        {
            RaspSyntaxError s => ["\t!! " + s.Message.Replace("\n", "\n\t   "), "\t-- ignoring input"],
            RaspScriptError { DuringEvaluation: true } e => ["something went wrong: " + e.Message],
            _ => ["\t\t!!ignoring input:", "\t Error: " + error.Message],
        };
        if (Errors is not null)
        {
            foreach (var line in lines) Errors.WriteLine(line);
            return;
        }
        Emit(null, lines);
    }

    private void Execute(ScriptStatement statement, Scope scope)
    {
        switch (statement)
        {
            case ExpressionStatement s:
            {
                var value = Evaluate(s.Expression, scope);
                if (value is AppliedValue applied) { PrintApplied(applied); break; }
                Validate(value, s.Span);
                scope.Define("out", value);
                Print(s.Expression is NameExpr n ? n.Name : "out", value, scope);
                break;
            }
            case AssignmentStatement s: Assign(s, scope); break;
            case DefStatement s:
            {
                var function = new FunctionValue(s, scope, scope.Origin);
                scope.Assign(s.Name, function, s.Span);
                Print(s.Name, function, scope);
                break;
            }
            case ForStatement s: For(s, scope); break;
            case LoadStatement s: Load(s, scope); break;
            case DrawStatement s: Draw(s, scope); break;
            case SetExampleStatement s:
            {
                var example = ToInput(Evaluate(s.Example, scope), s.Example.Span);
                if (s.Target != ExampleTarget.Selector) Settings.SOpExample = example;
                if (s.Target != ExampleTarget.SOp) Settings.SelectorExample = example;
                break;
            }
            case ShowExampleStatement s:
            {
                var lines = new List<string>();
                if (s.Target != ExampleTarget.Selector) lines.Add($"\ts-op example: {Settings.SOpExample}");
                if (s.Target != ExampleTarget.SOp) lines.Add($"\tselector example: {Settings.SelectorExample}");
                Emit(null, lines);
                break;
            }
            case ExamplesSwitchStatement s:
                if (s.Target != ExampleTarget.Selector) Settings.ShowSOpExamples = s.On;
                if (s.Target != ExampleTarget.SOp) Settings.ShowSelectorExamples = s.On;
                break;
            case FullSeqDisplayStatement s: Settings.FullSeqDisplay = s.On; break;
            case ExitStatement: ExitRequested = true; break;
            default: throw new ArgumentOutOfRangeException(nameof(statement), statement.GetType().Name);
        }
    }

    private void Assign(AssignmentStatement s, Scope scope)
    {
        List<ScriptValue> values;
        if (s.Values.Count == s.Names.Count)
            values = s.Values.Select(v => Evaluate(v, scope)).ToList();
        else if (s.Values.Count == 1)
        {
            var single = Evaluate(s.Values[0], scope);
            if (single is not ListValue list || list.Items.Count != s.Names.Count)
                throw new RaspScriptError(s.Span, $"cannot assign {Describe(single)} to {s.Names.Count} names: need a list (or a function result) of exactly {s.Names.Count} values");
            values = list.Items.ToList();
        }
        else
            throw new RaspScriptError(s.Span, $"{s.Names.Count} names but {s.Values.Count} values: a multiple assignment needs the same count on both sides");
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is AppliedValue)
                throw new RaspScriptError(s.Values[Math.Min(i, s.Values.Count - 1)].Span,
                    "the result of applying an s-op to an input is only printed, not a value (assign the s-op instead)");
            Validate(values[i], s.Span);
        }
        for (int i = 0; i < values.Count; i++)
        {
            var named = WithName(values[i], s.Names[i]);
            scope.Assign(s.Names[i], named, s.Span);
            Print(s.Names[i], named, scope);
        }
    }

    private void For(ForStatement s, Scope scope)
    {
        var source = Evaluate(s.Source, scope);
        var items = Iterate(source, s.Source.Span, "a for loop");
        foreach (var item in items)
        {
            Bind(s.Names, item, scope, s.Span);
            _silent++;
            try
            {
                foreach (var statement in s.Body) Execute(statement, scope);
            }
            finally { _silent--; }
            if (ExitRequested) break;
        }
    }

    /// <summary>Binds the loop names to one element: one name takes it whole; several destructure a list.</summary>
    private static void Bind(IReadOnlyList<string> names, ScriptValue item, Scope scope, SourceSpan span)
    {
        if (names.Count == 1) { scope.Assign(names[0], item, span); return; }
        if (item is not ListValue list || list.Items.Count != names.Count)
            throw new RaspScriptError(span, $"cannot unpack {Describe(item)} into {names.Count} names ({string.Join(", ", names)})");
        for (int i = 0; i < names.Count; i++) scope.Assign(names[i], list.Items[i], span);
    }

    private static IReadOnlyList<ScriptValue> Iterate(ScriptValue source, SourceSpan span, string what) => source switch
    {
        ListValue l => l.Items,
        DictValue d => d.Entries.Select(p => (ScriptValue)new AtomValue(p.Key)).ToList(),
        _ => throw new RaspScriptError(span, $"{what} iterates over a list or a dict, not {Describe(source)}"),
    };

    /// <summary>A short description of a value for error messages: "the int 3", "a list of 2", "the s-op x".</summary>
    internal static string Describe(ScriptValue value) => value switch
    {
        AtomValue a => $"the {a.Atom.TypeName} {a.Atom.Repr()}",
        ListValue l => $"a list of {l.Items.Count}",
        DictValue d => $"a dict of {d.Entries.Count}",
        SOpValue s => $"the s-op {s.SOp.Label}",
        SelectorValue s => $"the selector {s.Selector.Label}",
        FunctionValue f => $"the function {f.Signature}",
        BuiltinFunctionValue b => $"the function {b.Name}",
        _ => "an evaluation result",
    };

    private static ScriptValue WithName(ScriptValue value, string name) => value switch
    {
        SOpValue s when s.SOp.Name != name => new SOpValue(s.SOp.Named(name)),
        SelectorValue s when s.Selector.Name != name => new SelectorValue(s.Selector.Named(name)),
        _ => value,
    };

    /// <summary>Collects a loaded file's printouts so only the last value of each name is shown afterwards.</summary>
    private sealed class LoadRecorder
    {
        public List<(string? Name, IReadOnlyList<string> Lines)> Entries { get; } = [];
        public bool HadError { get; set; }
    }

    private void Emit(string? name, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (_recorders.TryPeek(out var recorder)) { recorder.Entries.Add((name, list)); return; }
        foreach (var line in list) _output.WriteLine(line);
    }
}
