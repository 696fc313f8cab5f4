using System.Globalization;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>
/// The base environment: the typed token s-ops, <c>indices</c>, <c>True</c>/<c>False</c>, the annotations
/// <c>numerical</c>/<c>categorical</c>, and the standard library (the embedded <c>rasplib.rasp</c>). All of these
/// are reserved; <c>tokens</c> (= <c>tokens_str</c>) is not.
/// </summary>
public static class Builtins
{
    /// <summary>Reserved words that are not keywords (RASP 0.1 reserves them too).</summary>
    public static IReadOnlyList<string> ReservedWords { get; } = ["out", "get"];

    /// <summary>The text of Glassbox's standard library.</summary>
    public static string LibraryText { get; } = ReadLibrary();

    /// <summary>The names the standard library defines (reserved in every session).</summary>
    public static IReadOnlyList<string> LibraryNames { get; } =
        Parser.ParseProgram(new SourceText("rasplib.rasp", LibraryText)).Select(s => s switch
        {
            DefStatement d => d.Name,
            AssignmentStatement a => a.Names[0],
            _ => "",
        }).Where(n => n.Length > 0).ToList();

    /// <summary><c>int(x)</c> on one token, as Python converts it.</summary>
    public static ElementFunction ToInt { get; } = ElementFunction.Custom("int(x)", v => v.Kind switch
    {
        ValueKind.Int => v,
        ValueKind.Bool => Value.Int(v.IsTruthy ? 1 : 0),
        ValueKind.Float => Value.Int((long)Math.Truncate(v.AsDouble())),
        ValueKind.String when long.TryParse(v.AsString().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => Value.Int(i),
        _ => throw new RaspError($"invalid literal for int() with base 10: {PythonRepr(v)}"),
    });

    /// <summary><c>float(x)</c> on one token.</summary>
    public static ElementFunction ToFloat { get; } = ElementFunction.Custom("float(x)", v => v.Kind switch
    {
        ValueKind.Int or ValueKind.Bool or ValueKind.Float => Value.Float(v.AsDouble()),
        ValueKind.String when double.TryParse(v.AsString().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Value.Float(d),
        _ => throw new RaspError($"could not convert string to float: {PythonRepr(v)}"),
    });

    /// <summary><c>bool(x)</c> on one token (Python truthiness: every non-empty string is true).</summary>
    public static ElementFunction ToBool { get; } = ElementFunction.Custom("bool(x)", v => Value.Bool(v.IsTruthy));

    /// <summary>Fills <paramref name="scope"/> with the builtins and the standard library, and reserves their names.</summary>
    public static void Install(Interpreter interpreter, Scope scope)
    {
        var tokens = Rasp.Tokens;
        scope.Define("tokens_str", new SOpValue(tokens));
        scope.Define("tokens_asis", new SOpValue(tokens));
        scope.Define("tokens_int", new SOpValue(new Map(ToInt, tokens).Named("tokens_int")));
        scope.Define("tokens_float", new SOpValue(new Map(ToFloat, tokens).Named("tokens_float")));
        scope.Define("tokens_bool", new SOpValue(new Map(ToBool, tokens).Named("tokens_bool")));
        scope.Define("indices", new SOpValue(Rasp.Indices));
        scope.Define("True", new AtomValue(Value.True));
        scope.Define("False", new AtomValue(Value.False));
        scope.Define("numerical", Annotation("numerical", Rasp.Numerical));
        scope.Define("categorical", Annotation("categorical", Rasp.Categorical));
        foreach (var name in scope.LocalNames.Concat(ReservedWords).ToList()) scope.Reserve(name);

        var errors = interpreter.ErrorCount;
        var parser = new Parser(new SourceText("rasplib.rasp", LibraryText));
        while (!parser.AtEnd)
        {
            var statement = parser.TryParseStatement(out var syntaxError);
            if (syntaxError is not null) throw new InvalidOperationException("the standard library does not parse: " + syntaxError.Message);
            interpreter.RunLibraryStatement(statement!, scope);
        }
        if (interpreter.ErrorCount != errors) throw new InvalidOperationException("the standard library failed to load");
        foreach (var name in LibraryNames) scope.Reserve(name);
        scope.Define("tokens", new SOpValue(tokens));
    }

    private static BuiltinFunctionValue Annotation(string name, Func<SOp, SOp> annotate) =>
        new(name, 1, (value, span) => value is SOpValue s
            ? new SOpValue(annotate(s.SOp))
            : throw new RaspScriptError(span, $"{name}(...) annotates an s-op, not {Interpreter.Describe(value)}"));

    private static string PythonRepr(Value v) => v.IsString ? $"'{v.AsString()}'" : v.ToString();

    private static string ReadLibrary()
    {
        using var stream = typeof(Builtins).Assembly.GetManifestResourceStream("Glassbox.Rasp.Library.rasplib.rasp")
            ?? throw new InvalidOperationException("the embedded resource rasplib.rasp is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
