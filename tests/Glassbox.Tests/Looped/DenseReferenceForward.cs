using System.Numerics;
using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

/// <summary>A tiny dense evaluation of looped layers (paper Eq. 1), used to check the construction independently.</summary>
internal sealed class DenseReferenceForward<T>(IReadOnlyList<LoopedLayer> layers, int d, int n, double? lambda) : ILoopedForward<T>
    where T : IFloatingPointIeee754<T>
{
    public string Description => lambda is null ? "dense hard (test)" : $"dense softmax λ={lambda} (test)";

    public void Loop(Span<T> x)
    {
        foreach (var layer in layers)
        {
            var delta = new T[x.Length];
            foreach (var h in layer.Heads)
            {
                var a = h.Query.Rows;
                var q = Project(h.Query, x, a);
                var k = Project(h.Key, x, a);
                var v = Project(h.Value, x, d);
                for (var j = 0; j < n; j++)
                {
                    var s = new T[n];
                    for (var i = 0; i < n; i++)
                        for (var r = 0; r < a; r++) s[i] += k[i * a + r] * q[j * a + r];
                    var max = s.Max()!;
                    var w = new T[n];
                    if (lambda is null)
                    {
                        var ties = s.Count(e => e == max);
                        for (var i = 0; i < n; i++) w[i] = s[i] == max ? T.One / T.CreateChecked(ties) : T.Zero;
                    }
                    else
                    {
                        var lam = T.CreateChecked(lambda.Value);
                        var z = T.Zero;
                        for (var i = 0; i < n; i++) { w[i] = T.Exp(lam * (s[i] - max)); z += w[i]; }
                        for (var i = 0; i < n; i++) w[i] /= z;
                    }
                    for (var i = 0; i < n; i++)
                        if (w[i] != T.Zero)
                            for (var r = 0; r < d; r++) delta[j * d + r] += w[i] * v[i * d + r];
                }
            }
            for (var t = 0; t < x.Length; t++) x[t] += delta[t];
            var hid = layer.Hidden;
            for (var j = 0; j < n; j++)
            {
                var col = x.Slice(j * d, d);
                var hidden = new T[hid];
                for (var u = 0; u < hid; u++)
                {
                    var s = T.CreateChecked(layer.B1[u]);
                    for (var r = 0; r < d; r++) s += T.CreateChecked(layer.W1[u, r]) * col[r];
                    hidden[u] = T.Max(T.Zero, s);
                }
                for (var r = 0; r < d; r++)
                {
                    var s = T.Zero;
                    for (var u = 0; u < hid; u++) s += T.CreateChecked(layer.W2[r, u]) * hidden[u];
                    col[r] += s + T.CreateChecked(layer.B2[r]);
                }
            }
        }
    }

    private T[] Project(WeightMatrix m, Span<T> x, int rows)
    {
        var result = new T[n * rows];
        for (var j = 0; j < n; j++)
            for (var r = 0; r < rows; r++)
            {
                var s = T.Zero;
                for (var c = 0; c < d; c++) s += T.CreateChecked(m[r, c]) * x[j * d + c];
                result[j * rows + r] = s;
            }
        return result;
    }
}
