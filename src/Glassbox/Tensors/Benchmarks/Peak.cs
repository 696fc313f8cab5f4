using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glassbox.Tensors.Benchmarks;

/// <summary>
/// The machine's plain-SIMD peak: a loop of independent <see cref="Vector{T}"/> fused multiply-adds on a few
/// vectors that stay in L1 (registers, really). It is the ceiling a matrix kernel written with the same vectors
/// can approach; no memory traffic is involved.
/// </summary>
public static class Peak
{
    /// <summary>Floating-point operations per call of <see cref="Run{T}"/> (2 per lane per FMA).</summary>
    public static long FlopsPerRun<T>(int iterations) => 2L * 12 * Vector<T>.Count * iterations;

    /// <summary>Runs 12 independent FMA chains for <paramref name="iterations"/> steps; returns a value that depends on all of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Run<T>(int iterations) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new Vector<T>(T.CreateChecked(0.999999));
        var y = new Vector<T>(T.CreateChecked(1e-7));
        Vector<T> a0 = Vector<T>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector<T> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y); a5 = Fma(a5, x, y); a6 = Fma(a6, x, y); a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
        }
        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector.Sum(s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
    }
}
