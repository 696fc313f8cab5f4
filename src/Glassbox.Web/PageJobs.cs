using System.Diagnostics;
using System.Text.RegularExpressions;
using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Interop.Safetensors;
using Glassbox.Views;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Web;

using Glassbox.Rasp;

/// <summary>
/// The work behind the page's two buttons, run inside a worker process: evaluate a program as the RASP REPL prints
/// it, and compile one of its s-ops (sizes, report, check against the evaluator, views, downloads).
/// </summary>
public static partial class PageJobs
{
    /// <summary>The file name the editor's text carries in messages (<c>program.rasp:3:7</c>).</summary>
    public const string ProgramFile = "program.rasp";

    /// <summary>Inputs checked one by one up to this count; above it, a seeded random sample of this size.</summary>
    public const int ExhaustiveCheckLimit = 2000;

    /// <summary>Runs the program's statements, printing as the REPL does, then <c>sop(input);</c> when both are given.</summary>
    public static EvaluateReply Evaluate(EvaluateRequest request)
    {
        var clock = Stopwatch.StartNew();
        var output = new StringWriter();
        var errors = new List<SourceDiagnostic>();
        var interpreter = NewInterpreter(output, errors);
        interpreter.Run(new SourceText(ProgramFile, request.Program ?? ""));
        if (!string.IsNullOrWhiteSpace(request.Sop) && !string.IsNullOrWhiteSpace(request.Input))
        {
            var name = CheckName(request.Sop);
            var line = $"{name}({request.Input.Trim()});";
            output.WriteLine(">> " + line);
            interpreter.Run(new SourceText("input", line));
        }
        return new EvaluateReply(output.ToString(), errors, DefinedSOps(interpreter), Math.Round(clock.Elapsed.TotalMilliseconds, 1));
    }

    /// <summary>
    /// Compiles the request's s-op within <paramref name="limits"/>; a program with errors, a missing s-op, a vocabulary or
    /// length beyond the limits, or a program the compiler refuses is a <see cref="PageError"/> with the places.
    /// </summary>
    public static CompileReply Compile(CompileRequest request, PageLimits limits)
    {
        var name = CheckName(request.Sop);
        var vocabulary = ParseVocabulary(request.Vocab, limits);
        if (request.MaxSeqLen < 1 || request.MaxSeqLen > limits.MaxSeqLen)
            throw new PageError($"max-seq-len must be between 1 and {limits.MaxSeqLen} here (got {request.MaxSeqLen})", []);
        var semantics = request.Semantics switch
        {
            null or "" or "rasp" or "rasp01" => AggregateSemantics.Rasp01,
            "tracr" => AggregateSemantics.Tracr,
            var other => throw new PageError($"semantics '{other}' is not rasp or tracr", []),
        };
        var program = LoadSOp(request.Program ?? "", name);
        var options = new CompileOptions(vocabulary, request.MaxSeqLen, request.Causal, semantics);
        Compilation compilation;
        try { compilation = RaspCompiler.Compile(program, options, name); }
        catch (UserError e) { throw new PageError(e.Message, Diagnose(e) is { } d ? [d] : []); }

        var model = compilation.Model;
        var engine = EngineModel.Build(model);
        var check = Check(compilation, engine);
        var (input, note) = ShownInput(request.Input, options);
        var run = RunOne(compilation, engine, input, note);
        var views = model.LayerCount == 0 ? null : ModelPage.Render(CompiledRun.Create(model, compilation, input, name));
        var files = new List<Artifact>
        {
            new($"{name}.onnx", "application/octet-stream", OnnxExport.Compiled(model)),
            new($"{name}.safetensors", "application/octet-stream", SafetensorsExport.Compiled(model)),
            new($"{name}.gbx.json", "application/json", System.Text.Encoding.UTF8.GetBytes(ModelFile.ToJson(model).ToJsonString())),
        };
        if (views is not null) files.Add(new($"{name}.views.html", "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(views)));
        return new CompileReply(name, Compiler.Diagnostics.Stats(compilation), ParameterCount(model), Compiler.Diagnostics.Report(compilation),
            model.ResidualLabels, check, run, views, files);
    }

    /// <summary>Every weight of the layers, zero or not (embeddings and readout not counted).</summary>
    public static long ParameterCount(CompiledModel model) => model.Layers.Sum(l =>
        l.Heads.Sum(h => (long)h.Wq.Length + h.Wk.Length + h.Wv.Length + h.Wo.Length) + (long)l.W1.Length + l.W2.Length);

    private static CheckSummary Check(Compilation c, Transformers.Transformer<double> engine)
    {
        var vocab = c.Options.Vocabulary;
        var n = c.Options.MaxSeqLen;
        var exhaustive = Verifier.ExhaustiveCount(vocab.Count, n) <= ExhaustiveCheckLimit;
        var inputs = exhaustive ? Verifier.Exhaustive(vocab, n) : Verifier.Random(vocab, n, ExhaustiveCheckLimit, seed: 1);
        var r = Verifier.VerifyOnEngine(c, inputs, engine);
        return new CheckSummary(exhaustive ? "exhaustive" : $"random:{ExhaustiveCheckLimit} (seed 1)", r.Compared, r.Undefined, r.Mismatches, r.Examples);
    }

    /// <summary>
    /// The input the model is shown on: the request's tokens when they fit the model, else the vocabulary repeated to
    /// the longest length (with a note saying why).
    /// </summary>
    private static (IReadOnlyList<Value> Input, string? Note) ShownInput(string? text, CompileOptions options)
    {
        var fallback = Enumerable.Range(0, options.MaxSeqLen).Select(i => options.Vocabulary[i % options.Vocabulary.Count]).ToList();
        if (string.IsNullOrWhiteSpace(text)) return (fallback, null);
        try
        {
            var input = ParseTokens(text, options.Vocabulary);
            if (input.Count == 0 || input.Count > options.MaxSeqLen)
                return (fallback, $"the input has {input.Count} tokens, the model takes 1 to {options.MaxSeqLen}; shown on the vocabulary instead");
            return (input, null);
        }
        catch (PageError e) { return (fallback, e.Message + "; shown on the vocabulary instead"); }
    }

    private static ModelRun RunOne(Compilation c, Transformers.Transformer<double> engine, IReadOnlyList<Value> input, string? note)
    {
        var got = EngineModel.Run(c.Model, engine, [input])[0];
        IReadOnlyList<Value>? expected;
        try { expected = new RaspEvaluator(c.Options.Semantics, c.Options.Causal).Evaluate(c.Program, input); }
        catch (RaspError) { expected = null; }
        var same = expected is not null && Verifier.Same(expected, got, c.Model.Output.Numerical);
        return new ModelRun(input.Select(v => v.ToString()).ToList(),
            expected?.Select(v => v.Repr()).ToList() ?? ["(undefined)"], got.Select(v => v.Repr()).ToList(), same, note);
    }

    /// <summary>Splits "a b c" at white space, or "abc" into characters when every vocabulary token is one character.</summary>
    internal static IReadOnlyList<Value> ParseTokens(string text, IReadOnlyList<Value> vocabulary)
    {
        var trimmed = text.Trim();
        IEnumerable<string> parts = trimmed.Any(char.IsWhiteSpace) || !vocabulary.All(v => v.ToString().Length == 1)
            ? trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : trimmed.EnumerateRunes().Select(r => r.ToString());
        var byText = vocabulary.ToDictionary(v => v.ToString(), v => v);
        return parts.Select((p, i) => byText.TryGetValue(p, out var v) ? v
            : throw new PageError($"token '{p}' at position {i} of the input is not in the vocabulary {{{string.Join(", ", vocabulary)}}}", [])).ToList();
    }

    private static List<Value> ParseVocabulary(string? text, PageLimits limits)
    {
        var items = (text ?? "").Split(',').Select(s => s.Trim()).ToList();
        if (items.Count == 0 || items.Any(s => s.Length == 0)) throw new PageError($"vocabulary '{text}' has an empty token (write a,b,c)", []);
        if (items.Count > limits.MaxVocabulary) throw new PageError($"the vocabulary has {items.Count} tokens; at most {limits.MaxVocabulary} here", []);
        if (items.Distinct().Count() != items.Count) throw new PageError($"vocabulary '{text}' repeats a token", []);
        return Value.ParseVocabulary(items).ToList();
    }

    /// <summary>Runs the program silently and returns its s-op <paramref name="name"/>; errors come back with their places.</summary>
    private static SOp LoadSOp(string text, string name)
    {
        var errors = new List<SourceDiagnostic>();
        var interpreter = NewInterpreter(TextWriter.Null, errors);
        interpreter.Settings.ShowSOpExamples = interpreter.Settings.ShowSelectorExamples = false;
        interpreter.Run(new SourceText(ProgramFile, text));
        if (errors.Count > 0)
            throw new PageError($"the program has {errors.Count} error(s); the first: {errors[0].File}:{errors[0].Line}:{errors[0].Column}: {errors[0].Message}", errors);
        return interpreter.Lookup(name) switch
        {
            SOpValue s => s.SOp,
            null => throw new PageError($"the program defines no s-op named '{name}'", []),
            FunctionValue f => throw new PageError($"'{name}' is the function {f.Signature}; compile an s-op, e.g. x = {name}(tokens);", []),
            var other => throw new PageError($"'{name}' is a {other.TypeName}, not an s-op", []),
        };
    }

    private static Interpreter NewInterpreter(TextWriter output, List<SourceDiagnostic> errors) =>
        new(output, Directory.GetCurrentDirectory())
        {
            AllowLoad = false,
            ErrorReported = e => errors.Add(Diagnose(e) ?? new SourceDiagnostic("", 0, 0, 0, e.Message)),
        };

    private static List<string> DefinedSOps(Interpreter interpreter) =>
        interpreter.Console.LocalNames.Where(n => interpreter.Lookup(n) is SOpValue && n != "out").ToList();

    private static string CheckName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        return IdentifierPattern().IsMatch(trimmed) ? trimmed
            : throw new PageError($"'{name}' is not an s-op name (letters, digits and _)", []);
    }

    /// <summary>The place and bare message of an error: from its span when it has one, else from its file:line:column prefix.</summary>
    internal static SourceDiagnostic? Diagnose(UserError error)
    {
        switch (error)
        {
            case RaspSyntaxError s:
                return new SourceDiagnostic(s.Span.File, s.Span.Line, s.Span.Column, Math.Max(1, s.Span.Length), s.Problem);
            case RaspScriptError { Span: { } span } s:
                return new SourceDiagnostic(span.File, span.Line, span.Column, Math.Max(1, span.Length), s.Problem);
        }
        var m = PlacePattern().Match(error.Message);
        if (!m.Success) return null;
        var message = m.Index == 0 ? error.Message[m.Length..].TrimStart(':', ' ') : error.Message;
        return new SourceDiagnostic(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), 1, message);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"(?<file>program\.rasp|input):(?<line>\d+):(?<col>\d+)")]
    private static partial Regex PlacePattern();
}

/// <summary>A request the page cannot serve as asked: the message, and the program's errors with their places.</summary>
public sealed class PageError(string message, IReadOnlyList<SourceDiagnostic> errors) : UserError(message)
{
    /// <summary>The program's errors (may be empty).</summary>
    public IReadOnlyList<SourceDiagnostic> Errors { get; } = errors;
}
