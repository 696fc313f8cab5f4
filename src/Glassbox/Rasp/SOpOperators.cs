namespace Glassbox.Rasp;

// C# operators on s-ops and selectors. Every operator builds its node through the shared factories of
// ElementFunction / SequenceFunction, so `Rasp.Tokens + 1` equals the tree the text language builds for `tokens + 1`.
public abstract partial record SOp
{
    private static SOp Zip(BinaryOp op, SOp a, SOp b) => new SequenceMap(SequenceFunction.Binary(op), EquatableList.Of(a, b));
    private static SOp Right(BinaryOp op, SOp a, Value c) => new Map(ElementFunction.WithRight(op, c), a);
    private static SOp Left(BinaryOp op, Value c, SOp b) => new Map(ElementFunction.WithLeft(c, op), b);

    /// <summary>Elementwise <c>a + b</c> (SequenceMap).</summary>
    public static SOp operator +(SOp a, SOp b) => Zip(BinaryOp.Add, a, b);
    /// <summary>Elementwise <c>a + c</c> (Map).</summary>
    public static SOp operator +(SOp a, Value c) => Right(BinaryOp.Add, a, c);
    /// <summary>Elementwise <c>c + b</c> (Map).</summary>
    public static SOp operator +(Value c, SOp b) => Left(BinaryOp.Add, c, b);
    /// <summary>Elementwise <c>a - b</c> (SequenceMap).</summary>
    public static SOp operator -(SOp a, SOp b) => Zip(BinaryOp.Sub, a, b);
    /// <summary>Elementwise <c>a - c</c> (Map).</summary>
    public static SOp operator -(SOp a, Value c) => Right(BinaryOp.Sub, a, c);
    /// <summary>Elementwise <c>c - b</c> (Map).</summary>
    public static SOp operator -(Value c, SOp b) => Left(BinaryOp.Sub, c, b);
    /// <summary>Elementwise <c>a * b</c> (SequenceMap).</summary>
    public static SOp operator *(SOp a, SOp b) => Zip(BinaryOp.Mul, a, b);
    /// <summary>Elementwise <c>a * c</c> (Map).</summary>
    public static SOp operator *(SOp a, Value c) => Right(BinaryOp.Mul, a, c);
    /// <summary>Elementwise <c>c * b</c> (Map).</summary>
    public static SOp operator *(Value c, SOp b) => Left(BinaryOp.Mul, c, b);
    /// <summary>Elementwise true division <c>a / b</c> (SequenceMap).</summary>
    public static SOp operator /(SOp a, SOp b) => Zip(BinaryOp.Div, a, b);
    /// <summary>Elementwise true division <c>a / c</c> (Map).</summary>
    public static SOp operator /(SOp a, Value c) => Right(BinaryOp.Div, a, c);
    /// <summary>Elementwise true division <c>c / b</c> (Map).</summary>
    public static SOp operator /(Value c, SOp b) => Left(BinaryOp.Div, c, b);
    /// <summary>Elementwise Python modulo <c>a % b</c> (SequenceMap).</summary>
    public static SOp operator %(SOp a, SOp b) => Zip(BinaryOp.Mod, a, b);
    /// <summary>Elementwise Python modulo <c>a % c</c> (Map).</summary>
    public static SOp operator %(SOp a, Value c) => Right(BinaryOp.Mod, a, c);
    /// <summary>Elementwise Python modulo <c>c % b</c> (Map).</summary>
    public static SOp operator %(Value c, SOp b) => Left(BinaryOp.Mod, c, b);
    /// <summary>Elementwise logical and (a bool; SequenceMap).</summary>
    public static SOp operator &(SOp a, SOp b) => Zip(BinaryOp.And, a, b);
    /// <summary>Elementwise logical and with an atom (Map).</summary>
    public static SOp operator &(SOp a, Value c) => Right(BinaryOp.And, a, c);
    /// <summary>Elementwise logical and with an atom (Map).</summary>
    public static SOp operator &(Value c, SOp b) => Left(BinaryOp.And, c, b);
    /// <summary>Elementwise logical or (a bool; SequenceMap).</summary>
    public static SOp operator |(SOp a, SOp b) => Zip(BinaryOp.Or, a, b);
    /// <summary>Elementwise logical or with an atom (Map).</summary>
    public static SOp operator |(SOp a, Value c) => Right(BinaryOp.Or, a, c);
    /// <summary>Elementwise logical or with an atom (Map).</summary>
    public static SOp operator |(Value c, SOp b) => Left(BinaryOp.Or, c, b);
    /// <summary>Elementwise negation <c>-a</c>.</summary>
    public static SOp operator -(SOp a) => new Map(ElementFunction.Unary(UnaryOp.Neg), a);
    /// <summary>Elementwise <c>+a</c>.</summary>
    public static SOp operator +(SOp a) => new Map(ElementFunction.Unary(UnaryOp.Pos), a);
    /// <summary>Elementwise logical not (a bool).</summary>
    public static SOp operator !(SOp a) => new Map(ElementFunction.Unary(UnaryOp.Not), a);
    /// <summary>Elementwise logical not (a bool), Tracr's spelling.</summary>
    public static SOp operator ~(SOp a) => new Map(ElementFunction.Unary(UnaryOp.Not), a);

    /// <summary>Elementwise power <c>a ^ b</c> (RASP's <c>^</c>; C#'s <c>^</c> stays XOR-free for clarity).</summary>
    public SOp Pow(SOp b) => Zip(BinaryOp.Pow, this, b);
    /// <summary>Elementwise power <c>a ^ c</c>.</summary>
    public SOp Pow(Value c) => Right(BinaryOp.Pow, this, c);
    /// <summary>Elementwise <c>a == b</c> (a bool s-op).</summary>
    public SOp Eq(SOp b) => Zip(BinaryOp.Eq, this, b);
    /// <summary>Elementwise <c>a == c</c>.</summary>
    public SOp Eq(Value c) => Right(BinaryOp.Eq, this, c);
    /// <summary>Elementwise <c>a != b</c>.</summary>
    public SOp Neq(SOp b) => Zip(BinaryOp.Neq, this, b);
    /// <summary>Elementwise <c>a != c</c>.</summary>
    public SOp Neq(Value c) => Right(BinaryOp.Neq, this, c);
    /// <summary>Elementwise <c>a &lt; b</c>.</summary>
    public SOp Lt(SOp b) => Zip(BinaryOp.Lt, this, b);
    /// <summary>Elementwise <c>a &lt; c</c>.</summary>
    public SOp Lt(Value c) => Right(BinaryOp.Lt, this, c);
    /// <summary>Elementwise <c>a &lt;= b</c>.</summary>
    public SOp Leq(SOp b) => Zip(BinaryOp.Leq, this, b);
    /// <summary>Elementwise <c>a &lt;= c</c>.</summary>
    public SOp Leq(Value c) => Right(BinaryOp.Leq, this, c);
    /// <summary>Elementwise <c>a &gt; b</c>.</summary>
    public SOp Gt(SOp b) => Zip(BinaryOp.Gt, this, b);
    /// <summary>Elementwise <c>a &gt; c</c>.</summary>
    public SOp Gt(Value c) => Right(BinaryOp.Gt, this, c);
    /// <summary>Elementwise <c>a &gt;= b</c>.</summary>
    public SOp Geq(SOp b) => Zip(BinaryOp.Geq, this, b);
    /// <summary>Elementwise <c>a &gt;= c</c>.</summary>
    public SOp Geq(Value c) => Right(BinaryOp.Geq, this, c);
}

// Selector combinators: each builds one composite selector (one head in RASP's analysis).
public abstract partial record Selector
{
    /// <summary>Both selectors (<see cref="SelectorAnd"/>).</summary>
    public static Selector operator &(Selector a, Selector b) => new SelectorAnd(a, b);
    /// <summary>Either selector (<see cref="SelectorOr"/>).</summary>
    public static Selector operator |(Selector a, Selector b) => new SelectorOr(a, b);
    /// <summary>The negated selector (<see cref="SelectorNot"/>).</summary>
    public static Selector operator !(Selector a) => new SelectorNot(a);
    /// <summary>The negated selector (<see cref="SelectorNot"/>), Tracr's spelling.</summary>
    public static Selector operator ~(Selector a) => new SelectorNot(a);
}
