using System.Globalization;
using Glassbox.Rasp.Syntax;

namespace Glassbox.Tests.Rasp.Syntax;

/// <summary>Renders script expressions fully parenthesised, so tests can state precedence exactly.</summary>
internal static class Show
{
    public static string Expr(string text) => Of(Parser.ParseExpression(new SourceText("test", text)));

    public static string Of(ScriptExpr e) => e switch
    {
        IntLiteral i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatLiteral f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        StringLiteral s => $"\"{s.Value}\"",
        NameExpr n => n.Name,
        ListExpr l => "[" + string.Join(", ", l.Items.Select(Of)) + "]",
        DictExpr d => "{" + string.Join(", ", d.Entries.Select(p => Of(p.Key) + ": " + Of(p.Value))) + "}",
        ListComprehension c => $"[{Of(c.Element)} for {string.Join(", ", c.Names)} in {Of(c.Source)}]",
        DictComprehension c => $"{{{Of(c.Key)}: {Of(c.Value)} for {string.Join(", ", c.Names)} in {Of(c.Source)}}}",
        UnaryExpr u => $"({u.Operator} {Of(u.Operand)})",
        BinaryExpr b => $"({Of(b.Left)} {b.Operator} {Of(b.Right)})",
        TernaryExpr t => $"({Of(t.Then)} if {Of(t.Condition)} else {Of(t.Otherwise)})",
        CallExpr c => $"{Of(c.Callee)}<{string.Join(", ", c.Arguments.Select(Of))}>",
        IndexExpr x => $"{Of(x.Target)}[{Of(x.Index)}]",
        SelectExpr s => $"select({Of(s.Keys)}, {Of(s.Queries)}, {s.Comparison})",
        AggregateExpr a => $"aggregate({Of(a.Selector)}, {Of(a.Values)}{(a.Default is null ? "" : ", " + Of(a.Default))})",
        RangeExpr r => $"range({string.Join(", ", r.Arguments.Select(Of))})",
        ZipExpr z => $"zip({string.Join(", ", z.Arguments.Select(Of))})",
        LenExpr l => $"len({Of(l.Argument)})",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };
}
