using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Lens;

/// <summary>
/// A matrix M = A B kept as its two factors (A is m×k, B is k×n), as circuits produce them: W_QK = W_qᵀ W_k and
/// W_OV = W_o W_v have inner dimension d_head ≪ d_model. Products, norms, the SVD and the eigenvalues are computed
/// from the small k×k pieces without materialising the m×n product: ‖AB‖_F² = tr((AᵀA)(BBᵀ)); the SVD comes from
/// thin QR factors A = Q_A R_A, Bᵀ = Q_B R_B and a Jacobi SVD of R_A R_Bᵀ; the non-zero eigenvalues of AB are
/// those of BA.
/// </summary>
public sealed class FactoredMatrix
{
    private Svd? _svd;

    /// <summary>Creates M = A B.</summary>
    public FactoredMatrix(double[,] a, double[,] b)
    {
        if (a.GetLength(1) != b.GetLength(0))
            throw new ArgumentException($"factors do not chain: A is {a.GetLength(0)}×{a.GetLength(1)}, B is {b.GetLength(0)}×{b.GetLength(1)}");
        A = a;
        B = b;
    }

    /// <summary>Creates M = A B from engine tensors.</summary>
    public FactoredMatrix(Tensor<double> a, Tensor<double> b) : this(a.ToArray(), b.ToArray()) { }

    /// <summary>The left factor (m×k).</summary>
    public double[,] A { get; }
    /// <summary>The right factor (k×n).</summary>
    public double[,] B { get; }
    /// <summary>m.</summary>
    public int Rows => A.GetLength(0);
    /// <summary>n.</summary>
    public int Columns => B.GetLength(1);
    /// <summary>k, the inner dimension (an upper bound on the rank).</summary>
    public int InnerDimension => A.GetLength(1);

    /// <summary>The product A B, materialised (m×n).</summary>
    public double[,] Product() => LinearAlgebra.Multiply(A, B);

    /// <summary>B A (k×k; M must be square): it has the same non-zero eigenvalues as A B.</summary>
    public double[,] SwappedProduct()
    {
        if (Rows != Columns) throw new InvalidOperationException($"B A needs a square product (this one is {Rows}×{Columns})");
        return LinearAlgebra.Multiply(B, A);
    }

    /// <summary>Mᵀ = Bᵀ Aᵀ, still factored.</summary>
    public FactoredMatrix Transpose() => new(LinearAlgebra.Transpose(B), LinearAlgebra.Transpose(A));

    /// <summary>M R, factored as A (B R).</summary>
    public FactoredMatrix Multiply(double[,] right) => new(A, LinearAlgebra.Multiply(B, right));

    /// <summary>L M, factored as (L A) B.</summary>
    public FactoredMatrix LeftMultiply(double[,] left) => new(LinearAlgebra.Multiply(left, A), B);

    /// <summary>M N for another factored N = C D, keeping the smaller inner dimension: A ((B C) D) or (A (B C)) D.</summary>
    public FactoredMatrix Multiply(FactoredMatrix other)
    {
        var middle = LinearAlgebra.Multiply(B, other.A);
        return InnerDimension <= other.InnerDimension
            ? new FactoredMatrix(A, LinearAlgebra.Multiply(middle, other.B))
            : new FactoredMatrix(LinearAlgebra.Multiply(A, middle), other.B);
    }

    /// <summary>‖M‖_F = √tr((AᵀA)(BBᵀ)), from k×k Gram matrices.</summary>
    public double FrobeniusNorm()
    {
        var ga = Gram(A, columns: true);
        var gb = Gram(B, columns: false);
        int k = InnerDimension;
        double s = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) s += ga[i, j] * gb[j, i];
        return Math.Sqrt(Math.Max(0, s));
    }

    /// <summary>The largest singular value, ‖M‖₂.</summary>
    public double SpectralNorm() => Svd().S is { Length: > 0 } s ? s[0] : 0;

    /// <summary>
    /// M = U diag(S) Vᵀ with r = min(k, m, n) singular values. When k ≤ min(m, n) only k×k matrices are decomposed
    /// (thin QR of A and Bᵀ, then a Jacobi SVD of R_A R_Bᵀ); otherwise the (small) product itself.
    /// </summary>
    public Svd Svd()
    {
        if (_svd is not null) return _svd;
        int k = InnerDimension;
        if (k > Rows || k > Columns) return _svd = LinearAlgebra.JacobiSvd(Product());
        var (qa, ra) = LinearAlgebra.ThinQr(A);
        var (qb, rb) = LinearAlgebra.ThinQr(LinearAlgebra.Transpose(B));
        var core = LinearAlgebra.JacobiSvd(LinearAlgebra.Multiply(ra, LinearAlgebra.Transpose(rb)));
        return _svd = new Svd(LinearAlgebra.Multiply(qa, core.U), core.S, LinearAlgebra.Multiply(qb, core.V));
    }

    /// <summary>The singular values, descending.</summary>
    public double[] SingularValues() => Svd().S;

    /// <summary>
    /// The eigenvalues of the square matrix M computed from B A (k×k): the non-zero eigenvalues of A B and B A are
    /// the same; A B has m − k further zeros, which are not listed. Ordered by descending magnitude.
    /// </summary>
    public Complex[] Eigenvalues() => LinearAlgebra.Eigenvalues(SwappedProduct());

    /// <summary>
    /// The eigenvalue copying score Re(Σλ)/Σ|λ| ∈ [−1, 1] ("A Mathematical Framework for Transformer Circuits"):
    /// +1 for a circuit whose eigenvalues are all positive (copying), −1 for all negative. 0 for the zero matrix.
    /// </summary>
    public double CopyingScore()
    {
        var l = Eigenvalues();
        double abs = l.Sum(Complex.Abs);
        return abs == 0 ? 0 : l.Sum(x => x.Real) / abs;
    }

    private static double[,] Gram(double[,] m, bool columns)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        int k = columns ? cols : rows;
        var g = new double[k, k];
        if (columns)
        {
            for (int i = 0; i < k; i++)
                for (int j = i; j < k; j++)
                {
                    double s = 0;
                    for (int r = 0; r < rows; r++) s += m[r, i] * m[r, j];
                    g[i, j] = g[j, i] = s;
                }
        }
        else
        {
            for (int i = 0; i < k; i++)
                for (int j = i; j < k; j++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += m[i, c] * m[j, c];
                    g[i, j] = g[j, i] = s;
                }
        }
        return g;
    }
}
