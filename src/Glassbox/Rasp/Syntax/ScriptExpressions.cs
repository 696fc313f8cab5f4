namespace Glassbox.Rasp.Syntax;

/// <summary>An expression of the RASP text language, with the span of text it came from.</summary>
public abstract record ScriptExpr(SourceSpan Span);

/// <summary>An integer literal such as <c>3</c>.</summary>
public sealed record IntLiteral(long Value, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A float literal such as <c>0.5</c>.</summary>
public sealed record FloatLiteral(double Value, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A string literal such as <c>"abc"</c> (the value, without quotes).</summary>
public sealed record StringLiteral(string Value, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A variable reference.</summary>
public sealed record NameExpr(string Name, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A list literal <c>[a, b]</c>.</summary>
public sealed record ListExpr(IReadOnlyList<ScriptExpr> Items, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A dict literal <c>{k: v, ...}</c>.</summary>
public sealed record DictExpr(IReadOnlyList<(ScriptExpr Key, ScriptExpr Value)> Entries, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A list comprehension <c>[e for x in l]</c> (one name, or several that destructure each element).</summary>
public sealed record ListComprehension(ScriptExpr Element, IReadOnlyList<string> Names, ScriptExpr Source, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A dict comprehension <c>{k: v for x in l}</c>.</summary>
public sealed record DictComprehension(ScriptExpr Key, ScriptExpr Value, IReadOnlyList<string> Names, ScriptExpr Source, SourceSpan Span) : ScriptExpr(Span);

/// <summary>The prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>not e</c></summary>
    Not,
    /// <summary><c>-e</c></summary>
    Negate,
    /// <summary><c>+e</c></summary>
    Plus,
    /// <summary><c>round(e)</c></summary>
    Round,
    /// <summary><c>indicator(e)</c>: 1 where true, 0 elsewhere</summary>
    Indicator,
}

/// <summary>The binary operators, from <c>^</c> to <c>in</c>.</summary>
public enum BinaryOperator
{
    /// <summary><c>^</c> (power)</summary>
    Power,
    /// <summary><c>*</c></summary>
    Multiply,
    /// <summary><c>/</c> (true division)</summary>
    Divide,
    /// <summary><c>%</c> (Python modulo)</summary>
    Modulo,
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Subtract,
    /// <summary><c>==</c></summary>
    Equal,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterEqual,
    /// <summary><c>and</c></summary>
    And,
    /// <summary><c>or</c></summary>
    Or,
    /// <summary><c>in</c> (membership)</summary>
    In,
}

/// <summary>A prefix operator (or <c>round(...)</c>/<c>indicator(...)</c>) applied to one operand.</summary>
public sealed record UnaryExpr(UnaryOperator Operator, ScriptExpr Operand, SourceSpan Span) : ScriptExpr(Span);

/// <summary>A binary operator applied to two operands.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, ScriptExpr Left, ScriptExpr Right, SourceSpan Span) : ScriptExpr(Span);

/// <summary>The ternary <c>then if condition else otherwise</c>.</summary>
public sealed record TernaryExpr(ScriptExpr Then, ScriptExpr Condition, ScriptExpr Otherwise, SourceSpan Span) : ScriptExpr(Span);

/// <summary>An application <c>f(a, b)</c>: a function call, or an s-op/selector applied to an input.</summary>
public sealed record CallExpr(ScriptExpr Callee, IReadOnlyList<ScriptExpr> Arguments, SourceSpan Span) : ScriptExpr(Span);

/// <summary>Indexing <c>e[i]</c>.</summary>
public sealed record IndexExpr(ScriptExpr Target, ScriptExpr Index, SourceSpan Span) : ScriptExpr(Span);

/// <summary>The comparisons that <c>select(keys, queries, op)</c> accepts (read as "key OP query").</summary>
public enum SelectComparison
{
    /// <summary><c>==</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterEqual,
}

/// <summary><c>select(keys, queries, op)</c>.</summary>
public sealed record SelectExpr(ScriptExpr Keys, ScriptExpr Queries, SelectComparison Comparison, SourceSpan Span) : ScriptExpr(Span);

/// <summary><c>aggregate(selector, values[, default])</c>.</summary>
public sealed record AggregateExpr(ScriptExpr Selector, ScriptExpr Values, ScriptExpr? Default, SourceSpan Span) : ScriptExpr(Span);

/// <summary><c>range(n)</c>, <c>range(a, b)</c> or <c>range(a, b, step)</c>.</summary>
public sealed record RangeExpr(IReadOnlyList<ScriptExpr> Arguments, SourceSpan Span) : ScriptExpr(Span);

/// <summary><c>zip(l1, l2, ...)</c>.</summary>
public sealed record ZipExpr(IReadOnlyList<ScriptExpr> Arguments, SourceSpan Span) : ScriptExpr(Span);

/// <summary><c>len(list)</c>.</summary>
public sealed record LenExpr(ScriptExpr Argument, SourceSpan Span) : ScriptExpr(Span);
