using System.Collections.Immutable;

namespace Glassbox.Looped.Fleq;

/// <summary>Where the looped FLEQ computer and the interpreter first disagree.</summary>
/// <param name="Step">Loop number (1-based) after which they differ.</param>
/// <param name="Detail">What differs, in words.</param>
public sealed record FleqDivergence(long Step, string Detail);

/// <summary>
/// The looped transformer FLEQ computer: the program's punch card X is run through the fixed layer stack of
/// <see cref="FleqConstruction"/> on the engine (float64; hard attention for fetch, gather and write, softmax with
/// ε for the function blocks' products), one loop per instruction, until the decoded PC reaches EOF.
/// </summary>
public sealed class LoopedFleq
{
    private readonly double[] _x;
    private readonly EngineLoopedForward<double> _forward;

    /// <summary>Maps <paramref name="program"/> onto the looped computer (a <see cref="UserError"/> when it cannot run it).</summary>
    public LoopedFleq(FleqProgram program)
    {
        Card = FleqCard.From(program);
        Layout = new FleqLayout(Card);
        if (Layout.AddressBits > LoopedLimits.MaxAddressBits)
            throw new UserError($"the program needs {Layout.Columns} columns; the looped transformer allows L ≤ {LoopedLimits.MaxAddressBits}");
        Weights = FleqConstruction.Build(Layout);
        _forward = new EngineLoopedForward<double>(Weights.Layers, Weights.Width, Layout.Columns, null);
        _x = Layout.Encode(Card, Weights.Width);
        Pc = 0;
    }

    /// <summary>The program as the looped computer holds it.</summary>
    public FleqCard Card { get; }

    /// <summary>The layout of X.</summary>
    public FleqLayout Layout { get; }

    /// <summary>The layers and the residual width.</summary>
    public FleqWeights Weights { get; }

    /// <summary>The current X (width·n, column-major).</summary>
    public ReadOnlySpan<double> X => _x;

    /// <summary>The decoded program counter (−1 when X names no instruction).</summary>
    public int Pc { get; private set; }

    /// <summary>Loops run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Whether PC is at EOF.</summary>
    public bool Halted => Pc == Card.EofIndex;

    /// <summary>The program cells decoded from X.</summary>
    public ImmutableArray<FleqValue> Memory => Layout.DecodeMemory(Card, _x, Weights.Width);

    /// <summary>One loop: one instruction.</summary>
    public void Step()
    {
        _forward.Loop(_x);
        Steps++;
        Pc = Layout.DecodePc(_x, Weights.Width);
    }

    /// <summary>Loops until EOF or <paramref name="maxSteps"/> loops.</summary>
    public FleqRun Run(long maxSteps)
    {
        while (!Halted && Steps < maxSteps) Step();
        return new FleqRun(Halted, Steps, Memory);
    }

    /// <summary>
    /// Runs in lockstep with the interpreter on <paramref name="arithmetic"/>: after every loop the program counter
    /// must be equal and every cell within <paramref name="tolerance"/>·max(1, |exact|). Returns the first divergence or null.
    /// </summary>
    public FleqDivergence? RunLockstep(IFleqArithmetic arithmetic, long maxSteps, double tolerance, Action<FleqMachine, ImmutableArray<FleqValue>>? onStep = null)
    {
        var reference = new FleqMachine(Card.Source, arithmetic);
        while (!reference.Halted && reference.Steps < maxSteps)
        {
            reference.Step();
            Step();
            var memory = Memory;
            onStep?.Invoke(reference, memory);
            var expectedPc = reference.Halted ? Card.EofIndex : reference.Pc;
            if (Pc != expectedPc)
                return new FleqDivergence(reference.Steps, $"pc is {Describe(Pc)}, expected {Describe(expectedPc)}");
            var expected = reference.Memory;
            for (var c = 0; c < memory.Length; c++)
                for (var e = 0; e < memory[c].Data.Length; e++)
                {
                    double got = memory[c].Data[e], want = expected[c].Data[e];
                    if (!(Math.Abs(got - want) <= tolerance * Math.Max(1, Math.Abs(want))))
                        return new FleqDivergence(reference.Steps, $"{Card.Source.Names[c]} entry {e} is {got:G10}, expected {want:G10}");
                }
        }
        return null;
    }

    private string Describe(int pc) => pc == Card.EofIndex ? "EOF" : pc < 0 ? "no instruction" : $"instruction {pc}";
}
