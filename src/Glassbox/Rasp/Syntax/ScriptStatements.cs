namespace Glassbox.Rasp.Syntax;

/// <summary>A statement of the RASP text language (or a REPL command), with the span of text it came from.</summary>
public abstract record ScriptStatement(SourceSpan Span);

/// <summary><c>e;</c>: evaluates and prints; binds <c>out</c> unless it is an application <c>sop(input)</c>.</summary>
public sealed record ExpressionStatement(ScriptExpr Expression, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>a = e;</c>, <c>a, b = e1, e2;</c> or <c>a, b = f(x);</c>.</summary>
public sealed record AssignmentStatement(IReadOnlyList<string> Names, IReadOnlyList<ScriptExpr> Values, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>def f(a, b) { body return e1, e2; }</c>: the body, then exactly one final return.</summary>
public sealed record DefStatement(string Name, IReadOnlyList<string> Parameters, IReadOnlyList<ScriptStatement> Body,
    IReadOnlyList<ScriptExpr> Returns, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>for x in e { body }</c> or <c>for a, b in e { body }</c>; the names live in the enclosing scope.</summary>
public sealed record ForStatement(IReadOnlyList<string> Names, ScriptExpr Source, IReadOnlyList<ScriptStatement> Body, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>load "path";</c>: runs <c>path.rasp</c>.</summary>
public sealed record LoadStatement(string Path, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>draw(sop);</c> or <c>draw(sop, input);</c>.</summary>
public sealed record DrawStatement(ScriptExpr SOp, ScriptExpr? Input, SourceSpan Span) : ScriptStatement(Span);

/// <summary>Which running example a REPL command addresses.</summary>
public enum ExampleTarget
{
    /// <summary>Both the s-op and the selector example.</summary>
    Both,
    /// <summary><c>s-op ...</c></summary>
    SOp,
    /// <summary><c>selector ...</c></summary>
    Selector,
}

/// <summary><c>set [s-op|selector] example E</c> (no semicolon).</summary>
public sealed record SetExampleStatement(ExampleTarget Target, ScriptExpr Example, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>show [s-op|selector] example</c>.</summary>
public sealed record ShowExampleStatement(ExampleTarget Target, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>[s-op|selector] examples on|off</c>.</summary>
public sealed record ExamplesSwitchStatement(ExampleTarget Target, bool On, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>full seq display on|off</c>.</summary>
public sealed record FullSeqDisplayStatement(bool On, SourceSpan Span) : ScriptStatement(Span);

/// <summary><c>exit</c>, <c>quit</c>, <c>exit()</c> or <c>quit()</c>.</summary>
public sealed record ExitStatement(SourceSpan Span) : ScriptStatement(Span);
