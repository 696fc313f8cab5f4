namespace Glassbox.Tests.Rasp;

using CsCheck;
using Glassbox.Rasp;

public class ValueTests
{
    [Fact]
    public void PythonEqualityAcrossNumericKinds()
    {
        Assert.Equal(Value.Int(1), Value.Float(1.0));
        Assert.Equal(Value.Int(1), Value.True);
        Assert.Equal(Value.Float(0.0), Value.False);
        Assert.NotEqual(Value.Int(1), Value.String("1"));
        Assert.NotEqual(Value.None, Value.Int(0));
        Assert.Equal(Value.None, Value.None);
        Assert.Equal(Value.Int(1).GetHashCode(), Value.Float(1.0).GetHashCode());
        Assert.Equal(Value.Int(1).GetHashCode(), Value.True.GetHashCode());
        Assert.False(Value.Int(1).IdenticalTo(Value.Float(1.0)));
        Assert.False(ValueOps.PyEquals(double.NaN, double.NaN));
        Assert.Equal(Value.Float(double.NaN), Value.Float(double.NaN)); // reflexive for collections
        Assert.NotEqual(Value.Int(long.MaxValue), Value.Float(9.2233720368547758E18));
    }

    [Theory]
    [InlineData(3, 2, 1.5)]
    [InlineData(7, 7, 1.0)]
    [InlineData(1, 4, 0.25)]
    public void DivisionIsTrueDivision(long a, long b, double expected)
    {
        var r = ValueOps.Div(a, b);
        Assert.Equal(ValueKind.Float, r.Kind);
        Assert.Equal(expected, r.AsDouble());
    }

    [Theory]
    [InlineData(-7, 3, 2)]
    [InlineData(7, -3, -2)]
    [InlineData(-7, -3, -1)]
    [InlineData(7, 3, 1)]
    [InlineData(6, 3, 0)]
    public void ModuloTakesTheDivisorsSign(long a, long b, long expected)
    {
        var r = ValueOps.Mod(a, b);
        Assert.Equal(ValueKind.Int, r.Kind);
        Assert.Equal(expected, r.AsLong());
    }

    [Fact]
    public void FloatModuloAndPowerFollowPython()
    {
        Assert.Equal(0.5, ValueOps.Mod(-1.5, 1).AsDouble());
        Assert.Equal(-0.5, ValueOps.Mod(1.5, -1).AsDouble());
        Assert.Equal(0.5, ValueOps.Pow(2, -1).AsDouble());
        var p = ValueOps.Pow(2, 10);
        Assert.Equal(ValueKind.Int, p.Kind);
        Assert.Equal(1024, p.AsLong());
        Assert.Equal(64, ValueOps.Pow(ValueOps.Pow(2, 3), 2).AsLong());
        Assert.Equal(4, ValueOps.Pow(ValueOps.Neg(2), 2).AsLong());
        Assert.Throws<RaspError>(() => ValueOps.Pow(0, -1));
        Assert.Throws<RaspError>(() => ValueOps.Div(1, 0));
        Assert.Throws<RaspError>(() => ValueOps.Mod(1, 0));
        Assert.Throws<RaspError>(() => ValueOps.Mul(long.MaxValue, 2));
    }

    [Theory]
    [InlineData(2.5, 2)]
    [InlineData(3.5, 4)]
    [InlineData(0.5, 0)]
    [InlineData(-0.5, 0)]
    [InlineData(-1.5, -2)]
    [InlineData(1.4999, 1)]
    [InlineData(2.6, 3)]
    public void RoundIsBankersRoundingToAnInt(double x, long expected)
    {
        var r = ValueOps.Round(x);
        Assert.Equal(ValueKind.Int, r.Kind);
        Assert.Equal(expected, r.AsLong());
    }

    [Fact]
    public void BoolsAreNumbersInArithmetic()
    {
        var two = ValueOps.Add(true, true);
        Assert.Equal(ValueKind.Int, two.Kind);
        Assert.Equal(2, two.AsLong());
        Assert.Equal(-1, ValueOps.Neg(true).AsLong());
        Assert.Equal(ValueKind.Int, ValueOps.Sub(true, false).Kind);
        Assert.Equal(1, ValueOps.Indicator("x").AsLong());
        Assert.Equal(0, ValueOps.Indicator("").AsLong());
    }

    [Fact]
    public void StringsConcatenateCompareAndRefuseNumbers()
    {
        Assert.Equal(Value.String("ab"), ValueOps.Add("a", "b"));
        Assert.Equal(Value.String("abab"), ValueOps.Mul("ab", 2));
        Assert.True(ValueOps.Lt("a", "b").AsBool());
        Assert.True(ValueOps.Lt("B", "a").AsBool());
        var e = Assert.Throws<RaspTypeError>(() => ValueOps.Lt("a", 1));
        Assert.Contains("'<' not supported between instances of 'str' and 'int'", e.Message);
        Assert.IsAssignableFrom<UserError>(e);
        Assert.Throws<RaspTypeError>(() => ValueOps.Add("a", 1));
        Assert.False(ValueOps.Eq("1", 1).AsBool());
    }

    [Fact]
    public void PythonAndOrReturnOperandsOnAtoms()
    {
        Assert.Equal(Value.Int(0), ValueOps.PyAnd(0, 5));
        Assert.Equal(Value.Int(5), ValueOps.PyAnd(3, 5));
        Assert.Equal(Value.Int(3), ValueOps.PyOr(3, 5));
        Assert.Equal(Value.String("b"), ValueOps.PyOr("", "b"));
        Assert.Equal(Value.True, ValueOps.Apply(BinaryOp.And, 3, 5)); // s-op semantics: a bool
        Assert.False(ValueOps.Not(1).AsBool());
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123.456, "123.456")]
    [InlineData(1.5e300, "1.5e+300")]
    public void FloatsPrintLikePythonRepr(double d, string expected) => Assert.Equal(expected, Value.FormatFloat(d));

    [Fact]
    public void ReprQuotesStrings()
    {
        Assert.Equal("\"a\"", Value.String("a").Repr());
        Assert.Equal("True", Value.True.Repr());
        Assert.Equal("None", Value.None.Repr());
        Assert.Equal("a", Value.String("a").ToString());
    }

    [Fact]
    public void VocabularyIsIntsOnlyWhenEveryItemParses()
    {
        Assert.All(Value.ParseVocabulary(["1", "2", "-3"]), v => Assert.Equal(ValueKind.Int, v.Kind));
        Assert.All(Value.ParseVocabulary(["1", "a"]), v => Assert.Equal(ValueKind.String, v.Kind));
        Assert.Equal(Value.Int(-3), Value.ParseVocabulary(["1", "2", "-3"])[2]);
    }

    private static readonly Gen<Value> GenNumber = Gen.OneOf(
        Gen.Long[-1000, 1000].Select(Value.Int),
        Gen.Long[-1000, 1000].Select(l => Value.Float(l)),
        Gen.Double[-1000, 1000].Select(Value.Float),
        Gen.Bool.Select(Value.Bool));

    private static readonly Gen<Value> GenValue = Gen.OneOf(GenNumber, Gen.String["abc"].Select(s => Value.String(s)), Gen.Const(Value.None));

    [Fact]
    public void EqualValuesHaveEqualHashes() =>
        Gen.Select(GenValue, GenValue).Sample((a, b) => !a.Equals(b) || a.GetHashCode() == b.GetHashCode(), iter: 5000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void EqualityIsSymmetricAndMatchesNumericValue() =>
        Gen.Select(GenNumber, GenNumber).Sample((a, b) =>
            a.Equals(b) == b.Equals(a) && a.Equals(b) == (a.AsDouble() == b.AsDouble()), iter: 5000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void IntegerModuloHasTheDivisorsSignAndRebuildsTheDividend() =>
        Gen.Select(Gen.Long[-10_000, 10_000], Gen.Long[-100, 100].Where(b => b != 0)).Sample((a, b) =>
        {
            long r = ValueOps.Mod(a, b).AsLong();
            long q = (long)Math.Floor((double)a / b);
            return (r == 0 || Math.Sign(r) == Math.Sign(b)) && Math.Abs(r) < Math.Abs(b) && q * b + r == a;
        }, iter: 5000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void TotalOrderAgreesWithPythonOrderingOnNumbers() =>
        Gen.Select(GenNumber, GenNumber).Sample((a, b) =>
            Math.Sign(Value.CompareTotal(a, b)) == Math.Sign(ValueOps.Compare(a, b)), iter: 5000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void FloatFormattingRoundTrips() =>
        Gen.Double.Where(d => !double.IsNaN(d) && !double.IsInfinity(d)).Sample(d =>
            double.Parse(Value.FormatFloat(d), System.Globalization.CultureInfo.InvariantCulture) == d
            && Value.FormatFloat(d).IndexOfAny(['.', 'e']) >= 0, iter: 5000, seed: "0N0XIzNsQ0O2");
}
