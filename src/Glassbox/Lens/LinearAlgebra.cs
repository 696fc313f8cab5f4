using System.Numerics;

namespace Glassbox.Lens;

/// <summary>A singular value decomposition M = U diag(S) Vᵀ: U is m×r, S has r values (descending), V is n×r.</summary>
/// <param name="U">Left singular vectors as columns (a column is zero where its singular value is zero).</param>
/// <param name="S">Singular values, descending, all ≥ 0.</param>
/// <param name="V">Right singular vectors as columns.</param>
public sealed record Svd(double[,] U, double[] S, double[,] V);

/// <summary>
/// Small dense linear algebra on row-major <c>double[,]</c> written for the lenses: Householder QR, one-sided
/// (Hestenes) Jacobi SVD, and the eigenvalues of a general real matrix (Householder reduction to Hessenberg form,
/// then complex shifted QR with Wilkinson shifts and deflation). Sizes here are d_head or d_model, so O(n³) is fine.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>C = A B.</summary>
    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        if (b.GetLength(0) != k) throw new ArgumentException($"cannot multiply {m}×{k} by {b.GetLength(0)}×{n}");
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double x = a[i, p];
                if (x == 0) continue;
                for (int j = 0; j < n; j++) c[i, j] += x * b[p, j];
            }
        return c;
    }

    /// <summary>Aᵀ.</summary>
    public static double[,] Transpose(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var t = new double[n, m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>√(Σ a_ij²).</summary>
    public static double Frobenius(double[,] a)
    {
        double s = 0;
        foreach (var x in a) s += x * x;
        return Math.Sqrt(s);
    }

    /// <summary>Thin Householder QR of an m×k matrix with m ≥ k: Q is m×k with orthonormal columns, R is k×k upper triangular.</summary>
    public static (double[,] Q, double[,] R) ThinQr(double[,] a)
    {
        int m = a.GetLength(0), k = a.GetLength(1);
        if (m < k) throw new ArgumentException($"thin QR needs rows ≥ columns (got {m}×{k})");
        var r = (double[,])a.Clone();
        var vs = new double[k][];
        for (int j = 0; j < k; j++)
        {
            double norm = 0;
            for (int i = j; i < m; i++) norm += r[i, j] * r[i, j];
            norm = Math.Sqrt(norm);
            var v = new double[m];
            if (norm == 0) { vs[j] = v; continue; }
            double alpha = r[j, j] > 0 ? -norm : norm;
            for (int i = j; i < m; i++) v[i] = r[i, j];
            v[j] -= alpha;
            double vn = 0;
            for (int i = j; i < m; i++) vn += v[i] * v[i];
            if (vn == 0) { vs[j] = new double[m]; continue; }
            for (int c = j; c < k; c++)
            {
                double dot = 0;
                for (int i = j; i < m; i++) dot += v[i] * r[i, c];
                double f = 2 * dot / vn;
                for (int i = j; i < m; i++) r[i, c] -= f * v[i];
            }
            vs[j] = v;
        }
        // Q = H_0 H_1 … H_{k−1} applied to the first k columns of the identity.
        var q = new double[m, k];
        for (int j = 0; j < k; j++) q[j, j] = 1;
        for (int j = k - 1; j >= 0; j--)
        {
            var v = vs[j];
            double vn = 0;
            for (int i = j; i < m; i++) vn += v[i] * v[i];
            if (vn == 0) continue;
            for (int c = 0; c < k; c++)
            {
                double dot = 0;
                for (int i = j; i < m; i++) dot += v[i] * q[i, c];
                double f = 2 * dot / vn;
                for (int i = j; i < m; i++) q[i, c] -= f * v[i];
            }
        }
        var rr = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++) rr[i, j] = r[i, j];
        return (q, rr);
    }

    /// <summary>
    /// SVD by one-sided Jacobi rotations (Hestenes): columns of a copy of M are rotated pairwise until mutually
    /// orthogonal; their norms are the singular values. Accurate to working precision for small matrices.
    /// </summary>
    public static Svd JacobiSvd(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        if (rows < cols)
        {
            var t = JacobiSvd(Transpose(m));
            return new Svd(t.V, t.S, t.U);
        }
        var u = (double[,])m.Clone();
        var v = new double[cols, cols];
        for (int i = 0; i < cols; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 80; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < cols - 1; p++)
                for (int q = p + 1; q < cols; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        alpha += u[i, p] * u[i, p];
                        beta += u[i, q] * u[i, q];
                        gamma += u[i, p] * u[i, q];
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double tan = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    if (zeta == 0) tan = 1;
                    double cos = 1 / Math.Sqrt(1 + tan * tan), sin = cos * tan;
                    for (int i = 0; i < rows; i++)
                    {
                        double a = u[i, p], b = u[i, q];
                        u[i, p] = cos * a - sin * b;
                        u[i, q] = sin * a + cos * b;
                    }
                    for (int i = 0; i < cols; i++)
                    {
                        double a = v[i, p], b = v[i, q];
                        v[i, p] = cos * a - sin * b;
                        v[i, q] = sin * a + cos * b;
                    }
                }
            if (!rotated) break;
        }
        var s = new double[cols];
        for (int j = 0; j < cols; j++)
        {
            double n = 0;
            for (int i = 0; i < rows; i++) n += u[i, j] * u[i, j];
            s[j] = Math.Sqrt(n);
        }
        var order = Enumerable.Range(0, cols).OrderByDescending(j => s[j]).ToArray();
        var uu = new double[rows, cols];
        var vv = new double[cols, cols];
        var ss = new double[cols];
        double tiny = (order.Length > 0 ? s[order[0]] : 0) * 1e-14;
        for (int c = 0; c < cols; c++)
        {
            int j = order[c];
            ss[c] = s[j];
            for (int i = 0; i < cols; i++) vv[i, c] = v[i, j];
            if (s[j] > tiny && s[j] > 0)
                for (int i = 0; i < rows; i++) uu[i, c] = u[i, j] / s[j];
        }
        return new Svd(uu, ss, vv);
    }

    /// <summary>
    /// The eigenvalues of a real square matrix (complex in general), ordered by descending magnitude: Householder
    /// reduction to upper Hessenberg form, then the complex QR algorithm with Wilkinson shifts and deflation.
    /// </summary>
    public static Complex[] Eigenvalues(double[,] a)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"eigenvalues need a square matrix (got {n}×{a.GetLength(1)})");
        if (n == 0) return [];
        var h = Hessenberg(a);
        var z = new Complex[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) z[i, j] = h[i, j];
        int hi = n - 1, iterations = 0;
        var cs = new Complex[n];
        var ss = new Complex[n];
        while (hi > 0)
        {
            int l = hi;
            while (l > 0)
            {
                double scale = Complex.Abs(z[l - 1, l - 1]) + Complex.Abs(z[l, l]);
                if (scale == 0) scale = 1;
                if (Complex.Abs(z[l, l - 1]) <= 1e-15 * scale) { z[l, l - 1] = 0; break; }
                l--;
            }
            if (l == hi) { hi--; iterations = 0; continue; }
            if (++iterations > 1000) throw new InvalidOperationException("eigenvalue iteration did not converge");
            Complex mu;
            if (iterations % 11 == 10)
                mu = z[hi, hi] + 0.75 * Complex.Abs(z[hi, hi - 1]);
            else
            {
                Complex p = z[hi - 1, hi - 1], q = z[hi - 1, hi], r = z[hi, hi - 1], d = z[hi, hi];
                Complex half = (p + d) / 2, disc = Complex.Sqrt((p - d) * (p - d) / 4 + q * r);
                Complex m1 = half + disc, m2 = half - disc;
                mu = Complex.Abs(m1 - d) < Complex.Abs(m2 - d) ? m1 : m2;
            }
            for (int k = l; k <= hi; k++) z[k, k] -= mu;
            for (int k = l; k < hi; k++)
            {
                Complex x = z[k, k], y = z[k + 1, k];
                double r = Math.Sqrt(Norm2(x) + Norm2(y));
                Complex c = r == 0 ? 1 : x / r, s = r == 0 ? 0 : y / r;
                cs[k] = c; ss[k] = s;
                for (int j = k; j <= hi; j++)
                {
                    Complex u = z[k, j], w = z[k + 1, j];
                    z[k, j] = Complex.Conjugate(c) * u + Complex.Conjugate(s) * w;
                    z[k + 1, j] = -s * u + c * w;
                }
            }
            for (int k = l; k < hi; k++)
            {
                Complex c = cs[k], s = ss[k];
                for (int i = l; i <= Math.Min(k + 2, hi); i++)
                {
                    Complex u = z[i, k], w = z[i, k + 1];
                    z[i, k] = u * c + w * s;
                    z[i, k + 1] = -u * Complex.Conjugate(s) + w * Complex.Conjugate(c);
                }
            }
            for (int k = l; k <= hi; k++) z[k, k] += mu;
        }
        var result = new Complex[n];
        for (int i = 0; i < n; i++) result[i] = z[i, i];
        return result.OrderByDescending(Complex.Abs).ThenByDescending(c => c.Real).ToArray();
    }

    private static double Norm2(Complex c) => c.Real * c.Real + c.Imaginary * c.Imaginary;

    /// <summary>Upper Hessenberg form similar to <paramref name="a"/> (Householder reflections).</summary>
    private static double[,] Hessenberg(double[,] a)
    {
        int n = a.GetLength(0);
        var h = (double[,])a.Clone();
        var v = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            double norm = 0;
            for (int i = k + 1; i < n; i++) norm += h[i, k] * h[i, k];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = h[k + 1, k] > 0 ? -norm : norm;
            Array.Clear(v);
            for (int i = k + 1; i < n; i++) v[i] = h[i, k];
            v[k + 1] -= alpha;
            double vn = 0;
            for (int i = k + 1; i < n; i++) vn += v[i] * v[i];
            if (vn == 0) continue;
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k + 1; i < n; i++) dot += v[i] * h[i, j];
                double f = 2 * dot / vn;
                for (int i = k + 1; i < n; i++) h[i, j] -= f * v[i];
            }
            for (int i = 0; i < n; i++)
            {
                double dot = 0;
                for (int j = k + 1; j < n; j++) dot += h[i, j] * v[j];
                double f = 2 * dot / vn;
                for (int j = k + 1; j < n; j++) h[i, j] -= f * v[j];
            }
        }
        return h;
    }
}
