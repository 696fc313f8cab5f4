using System.Collections.Immutable;

namespace Glassbox.Looped.Fleq;

/// <summary>How FLEQ function blocks are evaluated.</summary>
public interface IFleqArithmetic
{
    /// <summary>f(a, b), or a <see cref="UserError"/> when the shapes do not fit.</summary>
    FleqValue Apply(FleqFunction f, FleqValue a, FleqValue b);
}

/// <summary>The reference: float64 arithmetic with the exact functions (true division, Math.Sqrt).</summary>
public sealed class ExactFleqArithmetic : IFleqArithmetic
{
    /// <inheritdoc />
    public FleqValue Apply(FleqFunction f, FleqValue a, FleqValue b) => f switch
    {
        FleqFunction.Copy => a,
        FleqFunction.Add => FleqShapes.Zip(a, b, (x, y) => x + y),
        FleqFunction.Sub => FleqShapes.Zip(a, b, (x, y) => x - y),
        FleqFunction.Mul => FleqShapes.Zip(a, b, (x, y) => x * y),
        FleqFunction.Div => FleqValue.Scalar(FleqShapes.Scalar(a, "div") / FleqShapes.Scalar(b, "div")),
        FleqFunction.Sqrt => FleqValue.Scalar(Math.Sqrt(FleqShapes.Scalar(a, "sqrt"))),
        FleqFunction.Transpose => FleqShapes.Transpose(a),
        FleqFunction.MatMul => FleqShapes.MatMul(a, b, Dot),
        FleqFunction.Newton => FleqShapes.MatMul(b, FleqShapes.Zip(FleqShapes.Identity(a.Rows, 2), FleqShapes.MatMul(a, b, Dot), (x, y) => x - y), Dot),
        FleqFunction.Power => Normalise(FleqShapes.MatMul(a, b, Dot)),
        _ => a,
    };

    private static double Dot(double[] u, double[] w) => u.Zip(w, (x, y) => x * y).Sum();

    private static FleqValue Normalise(FleqValue w)
    {
        var norm = Math.Sqrt(w.Data.Sum(x => x * x));
        return new FleqValue(w.Rows, w.Cols, [.. w.Data.Select(x => x / norm)]);
    }
}

/// <summary>Shape rules and helpers shared by both arithmetics.</summary>
internal static class FleqShapes
{
    public static double Scalar(FleqValue v, string f) =>
        v.Rows * v.Cols == 1 ? v.Data[0] : throw new UserError($"{f} needs scalar operands, got a {v.Rows}×{v.Cols} matrix");

    /// <summary>Entry-wise op on equal shapes, or a scalar broadcast against a matrix.</summary>
    public static FleqValue Zip(FleqValue a, FleqValue b, Func<double, double, double> op)
    {
        if (a.Rows == b.Rows && a.Cols == b.Cols) return new(a.Rows, a.Cols, [.. a.Data.Zip(b.Data, op)]);
        if (a.Rows * a.Cols == 1) return new(b.Rows, b.Cols, [.. b.Data.Select(y => op(a.Data[0], y))]);
        if (b.Rows * b.Cols == 1) return new(a.Rows, a.Cols, [.. a.Data.Select(x => op(x, b.Data[0]))]);
        throw new UserError($"shapes {a.Rows}×{a.Cols} and {b.Rows}×{b.Cols} do not match");
    }

    public static FleqValue Transpose(FleqValue a) =>
        new(a.Cols, a.Rows, [.. Enumerable.Range(0, a.Rows * a.Cols).Select(t => a[t % a.Rows, t / a.Rows])]);

    public static FleqValue Identity(int n, double scale) =>
        new(n, n, [.. Enumerable.Range(0, n * n).Select(t => t / n == t % n ? scale : 0)]);

    public static (double[] U, double[] W)[] ProductPairs(FleqValue a, FleqValue b)
    {
        if (a.Cols != b.Rows) throw new UserError($"matmul of {a.Rows}×{a.Cols} by {b.Rows}×{b.Cols}: inner sizes differ");
        return Enumerable.Range(0, a.Rows * b.Cols).Select(t =>
        {
            int i = t / b.Cols, j = t % b.Cols;
            return (Enumerable.Range(0, a.Cols).Select(k => a[i, k]).ToArray(), Enumerable.Range(0, b.Rows).Select(k => b[k, j]).ToArray());
        }).ToArray();
    }

    public static FleqValue MatMul(FleqValue a, FleqValue b, Func<double[], double[], double> dot) =>
        new(a.Rows, b.Cols, [.. ProductPairs(a, b).Select(p => dot(p.U, p.W))]);
}

/// <summary>The outcome of a FLEQ run.</summary>
public sealed record FleqRun(bool Halted, long Steps, ImmutableArray<FleqValue> Memory);

/// <summary>
/// Executes FLEQ programs: <c>mem[c] = f_m(mem[a], mem[b])</c>, then <c>goto p</c> when <c>mem[flag] ≤ 0</c> else the
/// next instruction; halts when pc passes the last instruction or at <c>halt</c>. The functions run on the given
/// arithmetic (the engine's function blocks, or exact float64 as the reference); <see cref="LoopedFleq"/> is the
/// looped transformer that runs the whole instruction on engine layers.
/// </summary>
public sealed class FleqMachine(FleqProgram program, IFleqArithmetic arithmetic)
{
    private readonly FleqValue[] _memory = [.. program.Memory];

    /// <summary>The next instruction's index; outside the program once halted.</summary>
    public int Pc { get; private set; }

    /// <summary>Instructions executed so far (jumps and <c>halt</c> included).</summary>
    public long Steps { get; private set; }

    /// <summary>Whether the program has halted.</summary>
    public bool Halted => Pc < 0 || Pc >= program.Instructions.Length;

    /// <summary>The current memory.</summary>
    public ImmutableArray<FleqValue> Memory => [.. _memory];

    /// <summary>Executes one instruction.</summary>
    public void Step()
    {
        var ins = program.Instructions[Pc];
        Steps++;
        if (ins.Function == FleqFunction.Nop)
        {
            Pc = ins.Target >= 0 ? ins.Target : -1;
            return;
        }
        try { _memory[ins.C] = arithmetic.Apply(ins.Function, _memory[ins.A], _memory[ins.B]); }
        catch (UserError e) { throw new UserError($"line {ins.Line}: {e.Message}"); }
        Pc = ins.Flag is { } f && _memory[f].Test <= 0 ? ins.Target : Pc + 1;
    }

    /// <summary>Runs <paramref name="program"/> for at most <paramref name="maxSteps"/> instructions.</summary>
    public static FleqRun Run(FleqProgram program, IFleqArithmetic arithmetic, long maxSteps)
    {
        var machine = new FleqMachine(program, arithmetic);
        while (!machine.Halted && machine.Steps < maxSteps) machine.Step();
        return new FleqRun(machine.Halted, machine.Steps, machine.Memory);
    }
}
