using System.Globalization;

namespace Glassbox.Rasp.Syntax;

public sealed partial class Parser
{
    /// <summary>How deeply expressions may nest (parentheses, calls, lists) before the parser refuses them.</summary>
    public const int MaxNesting = 256;

    /// <summary>expression := inExpr (the loosest level).</summary>
    private ScriptExpr Expression()
    {
        var start = Current;
        if (++_nesting > MaxNesting)
            throw Error(start, $"expressions nested more than {MaxNesting} deep");
        try
        {
            var left = Ternary();
            while (Accept(TokenKind.In))
                left = new BinaryExpr(BinaryOperator.In, left, Ternary(), SpanFrom(start));
            return left;
        }
        finally { _nesting--; }
    }

    private ScriptExpr Ternary()
    {
        var start = Current;
        var left = AndOr();
        while (Accept(TokenKind.If))
        {
            var condition = Expression();
            Expect(TokenKind.Else, "'else' in 'a if condition else b'");
            left = new TernaryExpr(left, condition, AndOr(), SpanFrom(start));
        }
        return left;
    }

    private ScriptExpr AndOr() => BinaryLevel(Comparison, kind => kind switch
    {
        TokenKind.And => BinaryOperator.And,
        TokenKind.Or => BinaryOperator.Or,
        _ => null,
    });

    private ScriptExpr Comparison()
    {
        var start = Current;
        var left = Additive();
        while (true)
        {
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.EqualEqual => BinaryOperator.Equal,
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterEqual,
                _ => null,
            };
            if (op is null)
            {
                if (Current.Kind == TokenKind.NotEqual)
                    throw Error(Current, "'!=' is only allowed as the comparison of select(...); write not (a == b)");
                return left;
            }
            Advance();
            left = new BinaryExpr(op.Value, left, Additive(), SpanFrom(start));
        }
    }

    private ScriptExpr Additive() => BinaryLevel(ModuloLevel, kind => kind switch
    {
        TokenKind.Plus => BinaryOperator.Add,
        TokenKind.Minus => BinaryOperator.Subtract,
        _ => null,
    });

    private ScriptExpr ModuloLevel() => BinaryLevel(Multiplicative, kind => kind == TokenKind.Percent ? BinaryOperator.Modulo : null);

    private ScriptExpr Multiplicative() => BinaryLevel(Power, kind => kind switch
    {
        TokenKind.Star => BinaryOperator.Multiply,
        TokenKind.Slash => BinaryOperator.Divide,
        _ => null,
    });

    private ScriptExpr Power() => BinaryLevel(Prefix, kind => kind == TokenKind.Caret ? BinaryOperator.Power : null);

    private ScriptExpr BinaryLevel(Func<ScriptExpr> operand, Func<TokenKind, BinaryOperator?> operatorOf)
    {
        var start = Current;
        var left = operand();
        while (operatorOf(Current.Kind) is { } op)
        {
            Advance();
            left = new BinaryExpr(op, left, operand(), SpanFrom(start));
        }
        return left;
    }

    private ScriptExpr Prefix()
    {
        var start = Current;
        if (_nesting + _prefixes > MaxNesting * 4)
            throw Error(start, $"more than {MaxNesting * 4} prefix operators in a row");
        UnaryOperator? op = start.Kind switch
        {
            TokenKind.Not => UnaryOperator.Not,
            TokenKind.Minus => UnaryOperator.Negate,
            TokenKind.Plus => UnaryOperator.Plus,
            _ => null,
        };
        if (op is null) return Postfix();
        Advance();
        _prefixes++;
        try
        {
            var operand = Prefix();
            return new UnaryExpr(op.Value, operand, SpanFrom(start));
        }
        finally { _prefixes--; }
    }

    private ScriptExpr Postfix()
    {
        var start = Current;
        var expression = Primary();
        while (true)
        {
            if (Accept(TokenKind.LeftParen))
            {
                var arguments = Current.Kind == TokenKind.RightParen ? [] : ExpressionList();
                Expect(TokenKind.RightParen, "')' to close the argument list");
                expression = new CallExpr(expression, arguments, SpanFrom(start));
            }
            else if (Accept(TokenKind.LeftBracket))
            {
                var index = Expression();
                if (Current.Kind == TokenKind.Colon)
                    throw Error(Current, "slices are not part of RASP: index with a single position, like l[1]");
                Expect(TokenKind.RightBracket, "']' to close the index");
                expression = new IndexExpr(expression, index, SpanFrom(start));
            }
            else return expression;
        }
    }

    private List<ScriptExpr> ExpressionList()
    {
        var list = new List<ScriptExpr> { Expression() };
        while (Accept(TokenKind.Comma)) list.Add(Expression());
        return list;
    }

    private ScriptExpr Primary()
    {
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.Integer:
                Advance();
                if (!long.TryParse(start.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                    throw Error(start, $"the integer {start.Text} is too large");
                return new IntLiteral(value, SpanFrom(start));
            case TokenKind.Float:
                Advance();
                return new FloatLiteral(ParseFloat(start.Text), SpanFrom(start));
            case TokenKind.String:
                Advance();
                return new StringLiteral(start.Text[1..^1], SpanFrom(start));
            case TokenKind.Identifier:
                Advance();
                return new NameExpr(start.Text, SpanFrom(start));
            case TokenKind.LeftParen:
            {
                Advance();
                var inner = Expression();
                Expect(TokenKind.RightParen, "')' to close '('");
                return inner;
            }
            case TokenKind.LeftBracket: return ListOrComprehension();
            case TokenKind.LeftBrace: return DictOrComprehension();
            case TokenKind.Round or TokenKind.Indicator:
            {
                Advance();
                Expect(TokenKind.LeftParen, $"'(' after '{start.Text}'");
                var operand = Expression();
                Expect(TokenKind.RightParen, $"')' to close {start.Text}(...)");
                return new UnaryExpr(start.Kind == TokenKind.Round ? UnaryOperator.Round : UnaryOperator.Indicator, operand, SpanFrom(start));
            }
            case TokenKind.SelectOpen:
            {
                Advance();
                var keys = Expression();
                Expect(TokenKind.Comma, "',' after the keys of select(keys, queries, op)");
                var queries = Expression();
                Expect(TokenKind.Comma, "',' after the queries of select(keys, queries, op)");
                SelectComparison? comparison = Current.Kind switch
                {
                    TokenKind.EqualEqual => SelectComparison.Equal,
                    TokenKind.NotEqual => SelectComparison.NotEqual,
                    TokenKind.Less => SelectComparison.Less,
                    TokenKind.LessEqual => SelectComparison.LessEqual,
                    TokenKind.Greater => SelectComparison.Greater,
                    TokenKind.GreaterEqual => SelectComparison.GreaterEqual,
                    _ => null,
                };
                if (comparison is null)
                    throw Error(Current, $"expected a comparison (== != < <= > >=) as the third argument of select, found {Current.Describe()}");
                Advance();
                Expect(TokenKind.RightParen, "')' to close select(...)");
                return new SelectExpr(keys, queries, comparison.Value, SpanFrom(start));
            }
            case TokenKind.AggregateOpen:
            {
                Advance();
                var selector = Expression();
                Expect(TokenKind.Comma, "',' after the selector of aggregate(selector, values)");
                var values = Expression();
                ScriptExpr? fallback = Accept(TokenKind.Comma) ? Expression() : null;
                Expect(TokenKind.RightParen, "')' to close aggregate(...)");
                return new AggregateExpr(selector, values, fallback, SpanFrom(start));
            }
            case TokenKind.RangeOpen:
            {
                Advance();
                var arguments = ExpressionList();
                Expect(TokenKind.RightParen, "')' to close range(...)");
                if (arguments.Count > 3) throw Error(start, "range takes 1 to 3 arguments");
                return new RangeExpr(arguments, SpanFrom(start));
            }
            case TokenKind.ZipOpen:
            {
                Advance();
                var arguments = ExpressionList();
                Expect(TokenKind.RightParen, "')' to close zip(...)");
                return new ZipExpr(arguments, SpanFrom(start));
            }
            case TokenKind.LenOpen:
            {
                Advance();
                var argument = Expression();
                Expect(TokenKind.RightParen, "')' to close len(...)");
                return new LenExpr(argument, SpanFrom(start));
            }
            default:
                if (IsKeyword(start.Kind))
                    throw Error(start, $"expected an expression, found the keyword '{start.Text}' (keywords cannot be names)");
                throw Error(start, $"expected an expression, found {start.Describe()}");
        }
    }

    private ScriptExpr ListOrComprehension()
    {
        var start = Advance();
        if (Accept(TokenKind.RightBracket)) return new ListExpr([], SpanFrom(start));
        var first = Expression();
        if (Accept(TokenKind.For))
        {
            var names = NameList("a loop variable name after 'for'");
            Expect(TokenKind.In, "'in' in the comprehension");
            var source = Expression();
            Expect(TokenKind.RightBracket, "']' to close the comprehension");
            return new ListComprehension(first, names, source, SpanFrom(start));
        }
        var items = new List<ScriptExpr> { first };
        while (Accept(TokenKind.Comma)) items.Add(Expression());
        Expect(TokenKind.RightBracket, "']' or ',' in the list");
        return new ListExpr(items, SpanFrom(start));
    }

    private ScriptExpr DictOrComprehension()
    {
        var start = Advance();
        if (Accept(TokenKind.RightBrace)) return new DictExpr([], SpanFrom(start));
        var key = Expression();
        Expect(TokenKind.Colon, "':' after a dict key");
        var value = Expression();
        if (Accept(TokenKind.For))
        {
            var names = NameList("a loop variable name after 'for'");
            Expect(TokenKind.In, "'in' in the comprehension");
            var source = Expression();
            Expect(TokenKind.RightBrace, "'}' to close the comprehension");
            return new DictComprehension(key, value, names, source, SpanFrom(start));
        }
        var entries = new List<(ScriptExpr, ScriptExpr)> { (key, value) };
        while (Accept(TokenKind.Comma))
        {
            var k = Expression();
            Expect(TokenKind.Colon, "':' after a dict key");
            entries.Add((k, Expression()));
        }
        Expect(TokenKind.RightBrace, "'}' or ',' in the dict");
        return new DictExpr(entries, SpanFrom(start));
    }
}
