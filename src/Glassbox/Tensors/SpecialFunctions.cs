namespace Glassbox.Tensors;

/// <summary>The error function and the standard normal Φ, φ to double precision (.NET has no Math.Erf).</summary>
public static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126; // 2/√π
    private const double InvSqrtPi = 0.5641895835477563;     // 1/√π
    /// <summary>1/√2.</summary>
    internal const double InvSqrt2 = 0.7071067811865476;
    private const double InvSqrt2Pi = 0.3989422804014327;    // 1/√(2π)

    /// <summary>2/(2n+1): the ratio of consecutive series terms is x²·SeriesRatio[n] (multiplications only).</summary>
    private static readonly double[] SeriesRatio = Enumerable.Range(0, 96).Select(n => 2.0 / (2 * n + 1)).ToArray();

    private const int TaylorDegree = 12;
    private const double NodeStep = 1.0 / 16;
    private const int NodeCount = 97; // nodes 0, 1/16, …, 6

    /// <summary>
    /// Taylor coefficients of erf around the nodes i/16: Coefficients[i·13 + k] = erf⁽ᵏ⁾(xᵢ)/k!, with
    /// erf⁽ᵏ⁾(x) = 2/√π·(−1)ᵏ⁻¹·Hₖ₋₁(x)·e^(−x²) (physicists' Hermite polynomials) and erf(xᵢ) from the series.
    /// </summary>
    private static readonly double[] Coefficients = BuildTaylorTable();

    private const double TailStart = 1.5;
    private const int TailNodeCount = 73; // nodes 1.5, 1.5 + 1/16, …, 6

    /// <summary>e^(−x₀²) at the tail nodes x₀ = 1.5 + i/16.</summary>
    private static readonly double[] TailGaussian = Enumerable.Range(0, TailNodeCount)
        .Select(i => Math.Exp(-Math.Pow(TailStart + i * NodeStep, 2))).ToArray();

    /// <summary>
    /// Taylor coefficients of the smooth g(x) = e^(x²)·erfc(x) around the tail nodes: g′ = 2xg − 2/√π and
    /// g⁽ⁿ⁺¹⁾ = 2x·g⁽ⁿ⁾ + 2n·g⁽ⁿ⁻¹⁾; g(x₀) from the continued fraction.
    /// </summary>
    private static readonly double[] TailCoefficients = BuildTailTable();

    private static double[] BuildTailTable()
    {
        var table = new double[TailNodeCount * (TaylorDegree + 1)];
        for (int i = 0; i < TailNodeCount; i++)
        {
            double x0 = TailStart + i * NodeStep;
            var d = new double[TaylorDegree + 1];
            d[0] = ScaledErfcByFraction(x0);
            d[1] = 2 * x0 * d[0] - TwoOverSqrtPi;
            for (int n = 1; n < TaylorDegree; n++) d[n + 1] = 2 * x0 * d[n] + 2 * n * d[n - 1];
            double factorial = 1;
            for (int k = 0; k <= TaylorDegree; k++)
            {
                if (k > 0) factorial *= k;
                table[i * (TaylorDegree + 1) + k] = d[k] / factorial;
            }
        }
        return table;
    }

    /// <summary>e^(x²)·erfc(x) for x ≥ 1.5 by the continued fraction (no exponential needed).</summary>
    private static double ScaledErfcByFraction(double x)
    {
        int depth = x < 2 ? 100 : x < 2.5 ? 60 : x < 4 ? 36 : 20;
        double f = x;
        for (int n = depth; n >= 1; n--) f = x + 0.5 * n / f;
        return InvSqrtPi / f;
    }

    private static double[] BuildTaylorTable()
    {
        var table = new double[NodeCount * (TaylorDegree + 1)];
        for (int i = 0; i < NodeCount; i++)
        {
            double x0 = i * NodeStep;
            double g = TwoOverSqrtPi * Math.Exp(-x0 * x0);
            table[i * (TaylorDegree + 1)] = x0 < 1.5 ? ErfInDecimal(x0) : 1.0 - Math.Exp(-x0 * x0) * ScaledErfcByFraction(x0);
            double hPrev = 0, h = 1, factorial = 1;    // H₋₁ (unused), H₀
            for (int k = 1; k <= TaylorDegree; k++)
            {
                factorial *= k;
                double sign = (k - 1) % 2 == 0 ? 1 : -1;
                table[i * (TaylorDegree + 1) + k] = g * sign * h / factorial;
                double next = 2 * x0 * h - 2 * (k - 1) * hPrev; // H_k from H_{k−1}, H_{k−2}
                hPrev = h;
                h = next;
            }
        }
        return table;
    }

    /// <summary>
    /// erf(x) for 0 ≤ x &lt; 1.5 by its Maclaurin series 2/√π·Σₙ (−1)ⁿx^(2n+1)/(n!(2n+1)) in 28-digit decimal
    /// arithmetic, so the table's node values are correctly rounded (the cancellation costs about one digit).
    /// </summary>
    private static double ErfInDecimal(double x)
    {
        decimal xd = (decimal)x, x2 = xd * xd, a = xd, sum = xd; // aₙ = (−x²)ⁿ·x/n!
        for (int n = 1; n < 200; n++)
        {
            a = a * -x2 / n;
            decimal term = a / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) < 1e-28m) break;
        }
        return (double)(sum * 1.1283791670955125738961589031m);
    }

    /// <summary>
    /// erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, accurate to a few units in the last place and fast: a degree-12 Taylor
    /// polynomial around the nearest of the nodes 0, 1/16, …, 6 (|x − node| ≤ 1/32, so the truncation error is far
    /// below double precision; node values are correctly rounded); ±1 beyond 6, where erfc(6) ≈ 2·10⁻¹⁷ is below half a unit in the last place.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        if (ax >= 6.0) return x < 0 ? -1.0 : 1.0;
        int node = (int)(ax * 16 + 0.5);
        double h = ax - node * NodeStep;
        var c = Coefficients.AsSpan(node * (TaylorDegree + 1), TaylorDegree + 1);
        double r = c[TaylorDegree];
        for (int k = TaylorDegree - 1; k >= 0; k--) r = Math.FusedMultiplyAdd(r, h, c[k]);
        return x < 0 ? -r : r;
    }

    /// <summary>
    /// destination[i] = erf(x[i]) for a whole span: the same polynomials as <see cref="Erf(double)"/>, evaluated
    /// four at a time so that the four Horner chains overlap in the pipeline. x and destination may be the same.
    /// </summary>
    public static void Erf(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is shorter than x");
        const int width = TaylorDegree + 1;
        var table = Coefficients;
        int i = 0;
        for (; i + 4 <= x.Length; i += 4)
        {
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            double a0 = Math.Abs(x0), a1 = Math.Abs(x1), a2 = Math.Abs(x2), a3 = Math.Abs(x3);
            if (!(a0 < 6.0 && a1 < 6.0 && a2 < 6.0 && a3 < 6.0)) // also catches NaN
            {
                destination[i] = Erf(x0); destination[i + 1] = Erf(x1);
                destination[i + 2] = Erf(x2); destination[i + 3] = Erf(x3);
                continue;
            }
            int n0 = (int)(a0 * 16 + 0.5), n1 = (int)(a1 * 16 + 0.5), n2 = (int)(a2 * 16 + 0.5), n3 = (int)(a3 * 16 + 0.5);
            double h0 = a0 - n0 * NodeStep, h1 = a1 - n1 * NodeStep, h2 = a2 - n2 * NodeStep, h3 = a3 - n3 * NodeStep;
            int o0 = n0 * width, o1 = n1 * width, o2 = n2 * width, o3 = n3 * width;
            double r0 = table[o0 + TaylorDegree], r1 = table[o1 + TaylorDegree];
            double r2 = table[o2 + TaylorDegree], r3 = table[o3 + TaylorDegree];
            for (int k = TaylorDegree - 1; k >= 0; k--)
            {
                r0 = Math.FusedMultiplyAdd(r0, h0, table[o0 + k]);
                r1 = Math.FusedMultiplyAdd(r1, h1, table[o1 + k]);
                r2 = Math.FusedMultiplyAdd(r2, h2, table[o2 + k]);
                r3 = Math.FusedMultiplyAdd(r3, h3, table[o3 + k]);
            }
            destination[i] = x0 < 0 ? -r0 : r0;
            destination[i + 1] = x1 < 0 ? -r1 : r1;
            destination[i + 2] = x2 < 0 ? -r2 : r2;
            destination[i + 3] = x3 < 0 ? -r3 : r3;
        }
        for (; i < x.Length; i++) destination[i] = Erf(x[i]);
    }

    /// <summary>
    /// erf(x) by series and continued fraction (slow; builds the Taylor table and checks it). For |x| &lt; 2.5 it sums the
    /// series erf(x) = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms are all positive (no cancellation);
    /// beyond, it is 1 − erfc(x), with erfc(x) from the continued fraction of erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))).
    /// </summary>
    internal static double ErfBySeries(double x)
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
            result = 1.0 - Math.Exp(-ax * ax) * ScaledErfcByFraction(ax);
        }
        return x < 0 ? -result : result;
    }

    /// <summary>
    /// erfc(x) = 1 − erf(x), with relative accuracy in the right tail: 1 − erf(x) below 1.5; on [1.5, 6] a
    /// Taylor polynomial of e^(x²)·erfc(x) around the nearest node (step 1/16) times e^(−x₀²)·e^(−h(2x₀ + h));
    /// beyond, the continued fraction.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < TailStart) return 1.0 - Erf(x); // erfc ≥ 0.03 here, so the subtraction keeps relative accuracy
        if (x > 27.3) return 0.0; // e^(−x²) underflows
        int node = (int)((x - TailStart) * 16 + 0.5);
        if (node < TailNodeCount)
        {
            double x0 = TailStart + node * NodeStep;
            double h = x - x0;
            var c = TailCoefficients.AsSpan(node * (TaylorDegree + 1), TaylorDegree + 1);
            double g = c[TaylorDegree];
            for (int k = TaylorDegree - 1; k >= 0; k--) g = Math.FusedMultiplyAdd(g, h, c[k]);
            return TailGaussian[node] * Math.Exp(-h * (2 * x0 + h)) * g;
        }
        return Math.Exp(-x * x) * ScaledErfcByFraction(x);
    }

    /// <summary>Standard normal cumulative distribution Φ(x) = ½(1 + erf(x/√2)).</summary>
    public static double NormalCdf(double x) =>
        x < 0 ? 0.5 * Erfc(-x * InvSqrt2) : 0.5 * (1.0 + Erf(x * InvSqrt2)); // the left tail keeps relative accuracy

    /// <summary>Standard normal density φ(x) = e^(−x²/2)/√(2π).</summary>
    public static double NormalPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
