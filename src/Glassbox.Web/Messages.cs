using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Compiler;

namespace Glassbox.Web;

/// <summary>Run a program as the RASP REPL would, then (optionally) one s-op on one input.</summary>
/// <param name="Program">The RASP text of the editor.</param>
/// <param name="Sop">An s-op the program defines, to apply to <paramref name="Input"/>.</param>
/// <param name="Input">The input as RASP writes it: <c>"abc"</c> or <c>[3, 1, 2]</c>.</param>
public sealed record EvaluateRequest(string Program, string? Sop = null, string? Input = null);

/// <summary>An error at a place in the program: 1-based line and column, and its length in characters.</summary>
public sealed record SourceDiagnostic(string File, int Line, int Column, int Length, string Message);

/// <summary>What the REPL printed, the errors with their places, and the s-ops the program defines.</summary>
public sealed record EvaluateReply(string Output, IReadOnlyList<SourceDiagnostic> Errors, IReadOnlyList<string> SOps, double Milliseconds);

/// <summary>Compile the s-op <paramref name="Sop"/> of <paramref name="Program"/>.</summary>
/// <param name="Program">The RASP text.</param>
/// <param name="Sop">The s-op to compile.</param>
/// <param name="Vocab">Comma-separated input tokens (all integers: ints).</param>
/// <param name="MaxSeqLen">The longest input, BOS not counted.</param>
/// <param name="Causal">Compile with a causal mask.</param>
/// <param name="Semantics"><c>rasp</c> (default, the text language's) or <c>tracr</c>.</param>
/// <param name="Input">Tokens to run the compiled model on ("a b c", or "abc" when every token is one character).</param>
public sealed record CompileRequest(string Program, string Sop, string Vocab, int MaxSeqLen, bool Causal = false, string? Semantics = null, string? Input = null);

/// <summary>One input through the evaluator and through the compiled model on the engine.</summary>
/// <param name="Input">The tokens.</param>
/// <param name="Evaluator">The evaluator's output (None: undefined).</param>
/// <param name="Model">The model's decoded output.</param>
/// <param name="Same">Whether they agree.</param>
/// <param name="Note">Why the input differs from the one asked for (tokens outside the vocabulary, too long), or null.</param>
public sealed record ModelRun(IReadOnlyList<string> Input, IReadOnlyList<string> Evaluator, IReadOnlyList<string> Model, bool Same, string? Note = null);

/// <summary>A file made from a compiled model, kept in memory and offered for download.</summary>
/// <param name="Name">File name, e.g. <c>sorted.gbx.json</c>.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Bytes">Its contents.</param>
public sealed record Artifact(string Name, string ContentType, byte[] Bytes);

/// <summary>How the compiled model was checked against the evaluator on the engine.</summary>
/// <param name="How"><c>exhaustive</c> or <c>random:K (seed 1)</c>.</param>
/// <param name="Compared">Inputs compared.</param>
/// <param name="Undefined">Inputs where the evaluator gives no output.</param>
/// <param name="Mismatches">Inputs where the model disagrees (0 unless the compiler has a bug).</param>
/// <param name="Examples">A few disagreeing inputs.</param>
public sealed record CheckSummary(string How, int Compared, int Undefined, int Mismatches, IReadOnlyList<string> Examples);

/// <summary>A compiled model as the worker hands it to the server: sizes, report, check, views and files.</summary>
/// <param name="Title">The s-op's name.</param>
/// <param name="Sizes">Layers, heads, widths and weights.</param>
/// <param name="Parameters">Every weight of the layers, zero or not.</param>
/// <param name="Report">Per layer: what each head and MLP computes (Diagnostics.Report).</param>
/// <param name="ResidualLabels">The name of every residual direction.</param>
/// <param name="Check">The check against the evaluator.</param>
/// <param name="Run">The input through the evaluator and the model (the views show the same input).</param>
/// <param name="ViewsHtml">The views' self-contained HTML page for the model on that input (graph, layers, attention, residual, sizes); null for a model without layers.</param>
/// <param name="Files">Downloads.</param>
public sealed record CompileReply(string Title, CompileStats Sizes, long Parameters, string Report, IReadOnlyList<string> ResidualLabels,
    CheckSummary Check, ModelRun Run, string? ViewsHtml, IReadOnlyList<Artifact> Files);

/// <summary>Why a job gave no result: the program's errors (with places), a limit, or an internal failure.</summary>
/// <param name="Kind"><c>user</c>, <c>timeout</c>, <c>memory</c>, <c>busy</c> or <c>internal</c>.</param>
/// <param name="Message">What happened, in one paragraph.</param>
/// <param name="Errors">The program's errors with line and column (may be empty).</param>
public sealed record JobFailure(string Kind, string Message, IReadOnlyList<SourceDiagnostic> Errors);

/// <summary>One job for a worker process.</summary>
/// <param name="Evaluate">An evaluation, or null.</param>
/// <param name="Compile">A compilation, or null.</param>
/// <param name="Limits">The limits the worker checks the request against.</param>
public sealed record WorkerRequest(EvaluateRequest? Evaluate, CompileRequest? Compile, PageLimits Limits);

/// <summary>A worker's answer: exactly one of the three is set.</summary>
public sealed record WorkerReply(EvaluateReply? Evaluate, CompileReply? Compile, JobFailure? Failure);

/// <summary>The JSON shape used on the wire (camelCase, enums as strings).</summary>
public static class PageJson
{
    /// <summary>Options for every request and reply.</summary>
    /// <remarks>Replies are read by the page's script and by people with curl, never pasted into HTML, so quotes and
    /// operators stay readable (<c>'x + 1'</c>, not <c>\u0027x \u002B 1\u0027</c>).</remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
