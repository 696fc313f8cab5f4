namespace Glassbox.Rasp.Script;

/// <summary>An error while running a RASP script (undefined name, wrong type, wrong arity, failed evaluation).</summary>
public sealed class RaspScriptError : RaspError
{
    /// <summary>Creates the error at <paramref name="span"/>; the message starts with file:line:column.</summary>
    public RaspScriptError(SourceSpan? span, string problem, bool duringEvaluation = false)
        : base(span is null ? problem : $"{span}: {problem}")
    {
        Span = span;
        Problem = problem;
        DuringEvaluation = duringEvaluation;
    }

    /// <summary>Where the statement or expression that failed was written.</summary>
    public SourceSpan? Span { get; }

    /// <summary>The message without the position.</summary>
    public string Problem { get; }

    /// <summary>True when the failure happened while evaluating an s-op on an input (RASP's "something went wrong").</summary>
    public bool DuringEvaluation { get; }
}
