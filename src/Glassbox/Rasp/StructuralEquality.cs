using System.Runtime.CompilerServices;

namespace Glassbox.Rasp;

/// <summary>
/// Structural equality and hashing of RASP programs that visit each shared sub-tree once (programs are DAGs, and a
/// naive recursive comparison is exponential in the depth of sharing, e.g. <c>x = x + x</c> repeated).
/// </summary>
internal static class StructuralEquality
{
    private sealed class PairComparer : IEqualityComparer<(RaspExpr, RaspExpr)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((RaspExpr, RaspExpr) a, (RaspExpr, RaspExpr) b) => ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2);
        public int GetHashCode((RaspExpr, RaspExpr) p) => HashCode.Combine(RuntimeHelpers.GetHashCode(p.Item1), RuntimeHelpers.GetHashCode(p.Item2));
    }

    /// <summary>Whether two programs are structurally equal (names and spans ignored).</summary>
    public static bool NodesEqual(RaspExpr a, RaspExpr? b)
    {
        if (b is null) return false;
        if (ReferenceEquals(a, b)) return true;
        var seen = new HashSet<(RaspExpr, RaspExpr)>(PairComparer.Instance);
        var stack = new Stack<(RaspExpr, RaspExpr)>();
        stack.Push((a, b));
        while (stack.Count > 0)
        {
            var (x, y) = stack.Pop();
            if (ReferenceEquals(x, y) || !seen.Add((x, y))) continue;
            if (x.GetType() != y.GetType() || !x.LocalEquals(y)) return false;
            if (x is SOp sx && sx.Encoding != ((SOp)y).Encoding) return false;
            using var cx = x.Children.GetEnumerator();
            using var cy = y.Children.GetEnumerator();
            while (true)
            {
                bool hx = cx.MoveNext(), hy = cy.MoveNext();
                if (hx != hy) return false;
                if (!hx) break;
                stack.Push((cx.Current, cy.Current));
            }
        }
        return true;
    }

    /// <summary>A structural hash: equal programs hash alike.</summary>
    public static int Hash(RaspExpr root)
    {
        var hashes = new Dictionary<RaspExpr, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in root.TopologicalOrder())
        {
            var h = new HashCode();
            h.Add(node.GetType());
            h.Add(node.LocalHash());
            if (node is SOp sop) h.Add(sop.Encoding);
            foreach (var child in node.Children) h.Add(hashes[child]);
            hashes[node] = h.ToHashCode();
        }
        return hashes[root];
    }
}
