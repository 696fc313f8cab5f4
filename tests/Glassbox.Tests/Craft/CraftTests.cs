using Glassbox.Craft;

namespace Glassbox.Tests.Craft;

public class CraftTests
{
    private static readonly BasisDirection One = new("one");

    [Fact]
    public void LabelsFollowNameValueConvention()
    {
        Assert.Equal("tokens:a", new BasisDirection("tokens", "a").Label);
        Assert.Equal("frac", new BasisDirection("frac").Label);
    }

    [Fact]
    public void SpaceKeepsGivenOrderAndDropsDuplicates()
    {
        var s = VectorSpace.FromValues("x", new object[] { 3, 1, 2, 1 });
        Assert.Equal(new[] { "x:3", "x:1", "x:2" }, s.Basis.Select(d => d.Label));
        var joined = s.Join(VectorSpace.FromNames("one"), VectorSpace.FromValues("x", new object[] { 2, 5 }));
        Assert.Equal(new[] { "x:3", "x:1", "x:2", "one", "x:5" }, joined.Basis.Select(d => d.Label));
        Assert.True(s.IsSubspaceOf(joined));
        Assert.False(joined.IsSubspaceOf(s));
    }

    [Fact]
    public void ProjectKeepsSharedDirectionsOnly()
    {
        var a = new VectorSpace(new[] { new BasisDirection("a"), new BasisDirection("b") });
        var b = new VectorSpace(new[] { new BasisDirection("b"), new BasisDirection("c") });
        var v = new Vector(a, new double[] { 2, 3 }).Project(b);
        Assert.Equal(new double[] { 3, 0 }, v.Coordinates);
    }

    [Fact]
    public void LinearMapFromActionAppliesColumnConvention()
    {
        var input = VectorSpace.FromValues("x", new object[] { 0, 1 });
        var output = VectorSpace.FromValues("y", new object[] { "even", "odd" });
        var map = LinearMap.FromAction(input, output, d => new[] { (new BasisDirection("y", (int)d.Value! % 2 == 0 ? "even" : "odd"), 1.0) });
        var y = map.Apply(input.Unit(new BasisDirection("x", 1)));
        Assert.Equal(new double[] { 0, 1 }, y.Coordinates);
        Assert.Equal(1, map.Weight(new BasisDirection("x", 0), new BasisDirection("y", "even")));
        Assert.Equal(2, map.NonZeroCount());
    }

    [Fact]
    public void LinearMapRefusesWritesOutsideOutput()
    {
        var input = VectorSpace.FromNames("a");
        Assert.Throws<ArgumentException>(() => LinearMap.FromAction(input, VectorSpace.FromNames("b"), _ => new[] { (new BasisDirection("c"), 1.0) }));
    }

    [Fact]
    public void MlpComputesReluOfAffineThroughOne()
    {
        // out = ReLU(x - 2·one) - ReLU(2·one - x) = x - 2 for any x.
        var input = new VectorSpace(new[] { new BasisDirection("x"), One });
        var hidden = VectorSpace.FromNames("h+", "h-");
        var first = new LinearMap(input, hidden, new double[,] { { 1, -2 }, { -1, 2 } });
        var second = new LinearMap(hidden, VectorSpace.FromNames("y"), new double[,] { { 1, -1 } });
        var mlp = new Mlp("y", first, second);
        foreach (var x in new[] { -3.0, 0, 1.5, 7 })
        {
            var v = new Vector(input, new[] { x, 1 });
            Assert.Equal(x - 2, mlp.Apply(v).Coordinates[0], 12);
        }
    }

    [Fact]
    public void HardAttentionAveragesTiesAndRespectsCausalMask()
    {
        // Residual: one + a numerical value "v". Every key scores the same, so each query averages all values.
        var residual = new VectorSpace(new[] { One, new BasisDirection("v"), new BasisDirection("out") });
        var qk = new BilinearForm(VectorSpace.FromNames("one"), VectorSpace.FromNames("one"), new double[,] { { 1 } });
        var ov = new LinearMap(VectorSpace.FromNames("v"), VectorSpace.FromNames("out"), new double[,] { { 1 } });
        var head = new AttentionHead("mean", qk, ov);
        var model = new CraftModel(residual, new[] { new CraftLayer(new[] { head }, Array.Empty<Mlp>()) });
        model.CheckSpaces();
        var xs = new[] { 1.0, 2, 6 }.Select(v => new Vector(residual, new[] { 1, v, 0 })).ToArray();
        var full = CraftEvaluator.Run(model, xs);
        Assert.All(full, x => Assert.Equal(3.0, x[new BasisDirection("out")], 12));
        var causal = CraftEvaluator.Run(model, xs, causal: true);
        Assert.Equal(new[] { 1.0, 1.5, 3.0 }, causal.Select(x => x[new BasisDirection("out")]));
    }

    [Fact]
    public void HardAttentionPicksOnlyTheArgmax()
    {
        var residual = VectorSpace.FromValues("t", new object[] { "a", "b" }).Join(VectorSpace.FromNames("out"));
        var tokens = VectorSpace.FromValues("t", new object[] { "a", "b" });
        // Queries prefer keys with the same token.
        var qk = new BilinearForm(tokens, tokens, new double[,] { { 1, 0 }, { 0, 1 } });
        var ov = new LinearMap(tokens, VectorSpace.FromNames("out"), new double[,] { { 10, 20 } });
        var head = new AttentionHead("same", qk, ov);
        var xs = new[] { "a", "b", "a" }.Select(t => residual.Unit(new BasisDirection("t", t))).ToArray();
        var outs = CraftEvaluator.ApplyHead(head, xs, causal: false);
        Assert.Equal(new[] { 10.0, 20, 10 }, outs.Select(o => o.Coordinates[0]));
    }

    [Fact]
    public void SparseMapsSumRepeatedWeightsDropZerosAndSelectSubspaces()
    {
        var input = VectorSpace.FromValues("x", new object[] { 0, 1, 2 });
        var output = VectorSpace.FromValues("y", new object[] { 0, 1 });
        var map = LinearMap.FromEntries(input, output, [(0, 2, 1.5), (0, 0, 1), (0, 2, 0.5), (1, 1, 3), (1, 0, 2), (1, 0, -2)]);
        Assert.Equal(3, map.NonZeroCount());
        Assert.Equal(new double[,] { { 1, 0, 2 }, { 0, 3, 0 } }, map.ToDense());
        Assert.Equal(new[] { 0, 2 }, map.RowInputs(0).ToArray());
        Assert.Equal(2.0, map.Weight(new BasisDirection("x", 2), new BasisDirection("y", 0)));
        Assert.Equal(new[] { true, true, true }, map.ReadInputs());

        var x = new Vector(input, [1, 10, 100]);
        Assert.Equal(new[] { 201.0, 30 }, map.Apply(x).Coordinates);

        // Keep inputs 0 and 2 (renumbered 0, 1) and only output row 0.
        var smaller = map.Select(new VectorSpace([input.Basis[0], input.Basis[2]]), [0, -1, 1],
            new VectorSpace([output.Basis[0]]), [0]);
        Assert.Equal(new double[,] { { 1, 2 } }, smaller.ToDense());
        Assert.Equal(new[] { true }, smaller.WrittenOutputs());
    }

    [Fact]
    public void UnitWeightMapsStoreOnlyPositionsAndBehaveLikeDenseOnes()
    {
        var input = VectorSpace.FromValues("x", new object[] { 0, 1, 2 });
        var output = VectorSpace.FromValues("y", new object[] { 0, 1, 2 });
        // Rows: y0 ← x0 + x2, y1 ← nothing, y2 ← x0 + x1 + x2.
        var unit = LinearMap.FromRows(input, output, [0, 2, 2, 5], [0, 2, 0, 1, 2], null);
        var dense = new LinearMap(input, output, new double[,] { { 1, 0, 1 }, { 0, 0, 0 }, { 1, 1, 1 } });
        Assert.Equal(dense.ToDense(), unit.ToDense());
        Assert.Equal(5, unit.NonZeroCount());
        Assert.Equal(new[] { 1.0, 1, 1 }, unit.RowWeights(2).ToArray());
        Assert.Empty(unit.RowWeights(1).ToArray());
        Assert.Equal(1.0, unit[0, 2]);
        Assert.Equal(0.0, unit[1, 0]);
        Assert.Equal(new[] { 101.0, 0, 111 }, unit.Apply(new Vector(input, [1, 10, 100])).Coordinates);
        var smaller = unit.Select(new VectorSpace([input.Basis[1], input.Basis[2]]), [-1, 0, 1], new VectorSpace([output.Basis[2]]), [2]);
        Assert.Equal(new double[,] { { 1, 1 } }, smaller.ToDense());
        Assert.Equal(new[] { 1.0, 1 }, smaller.RowWeights(0).ToArray());
        var form = new BilinearForm(unit);
        Assert.Equal(unit.ToDense(), Transpose(form.ToDense()));
        Assert.Equal(1.0, form.Weight(input.Basis[1], output.Basis[2]));
    }

    private static double[,] Transpose(double[,] m)
    {
        var t = new double[m.GetLength(1), m.GetLength(0)];
        for (var i = 0; i < m.GetLength(0); i++)
            for (var j = 0; j < m.GetLength(1); j++) t[j, i] = m[i, j];
        return t;
    }
}
