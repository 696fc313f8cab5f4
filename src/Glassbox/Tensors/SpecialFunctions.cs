namespace Glassbox.Tensors;

/// <summary>The error function and the standard normal Φ, φ to double precision (.NET has no Math.Erf).</summary>
public static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126; // 2/√π
    private const double InvSqrtPi = 0.5641895835477563;     // 1/√π
    private const double InvSqrt2 = 0.7071067811865476;      // 1/√2
    private const double InvSqrt2Pi = 0.3989422804014327;    // 1/√(2π)

    /// <summary>2/(2n+1): the ratio of consecutive series terms is x²·SeriesRatio[n] (multiplications only).</summary>
    private static readonly double[] SeriesRatio = Enumerable.Range(0, 96).Select(n => 2.0 / (2 * n + 1)).ToArray();

    /// <summary>
    /// erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, accurate to a few units in the last place. For |x| &lt; 2.5 it sums the
    /// series erf(x) = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms are all positive (no cancellation);
    /// beyond, it is 1 − erfc(x), with erfc(x) from the continued fraction of erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))).
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        double result;
        if (ax < 2.5)
        {
            double x2 = ax * ax;
            double term = ax, sum = ax;
            var ratio = SeriesRatio;
            for (int n = 1; n < ratio.Length; n++)
            {
                term *= x2 * ratio[n];
                sum += term;
                if (term < sum * 1e-17) break;
            }
            result = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        else
        {
            result = 1.0 - Erfc(ax);
        }
        return x < 0 ? -result : result;
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate in the tail (relative accuracy for large x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 1.5) return 1.0 - Erf(x); // erfc ≥ 0.03 here, so the subtraction keeps relative accuracy
        if (x > 27.3) return 0.0; // e^(−x²) underflows
        // Backward evaluation of the continued fraction with partial numerators n/2.
        // The fraction converges faster the larger x is; these depths reach double precision on each range.
        int depth = x < 2 ? 100 : x < 2.5 ? 60 : x < 4 ? 36 : 20;
        double f = x;
        for (int n = depth; n >= 1; n--) f = x + 0.5 * n / f;
        return InvSqrtPi * Math.Exp(-x * x) / f;
    }

    /// <summary>Standard normal cumulative distribution Φ(x) = ½(1 + erf(x/√2)).</summary>
    public static double NormalCdf(double x) =>
        x < 0 ? 0.5 * Erfc(-x * InvSqrt2) : 0.5 * (1.0 + Erf(x * InvSqrt2)); // the left tail keeps relative accuracy

    /// <summary>Standard normal density φ(x) = e^(−x²/2)/√(2π).</summary>
    public static double NormalPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
