using System.Numerics;

namespace Glassbox.Looped;

/// <summary>Where the looped computer's state and the reference interpreter first disagree.</summary>
/// <param name="Step">Loop number (1-based) after which they differ.</param>
/// <param name="Expected">The interpreter's state.</param>
/// <param name="Actual">The state decoded from X (null when X no longer decodes).</param>
/// <param name="Detail">What differs, in words.</param>
public sealed record LoopDivergence(long Step, SubleqState Expected, SubleqState? Actual, string Detail);

/// <summary>
/// The looped transformer computer running a SUBLEQ program: X holds the punch card; one loop through the fixed layer
/// stack executes one instruction; the run stops when the decoded program counter reaches EOF.
/// </summary>
public sealed class LoopedSubleq<T> where T : IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly ILoopedForward<T> _forward;

    /// <summary>Encodes <paramref name="program"/> and prepares to loop it through <paramref name="forward"/>.</summary>
    public LoopedSubleq(SubleqProgram program, ILoopedForward<T> forward)
    {
        Program = program;
        Layout = SubleqLayout.For(program);
        _x = PunchCard.Encode<T>(program);
        _forward = forward;
        State = PunchCard.Decode<T>(Layout, _x, 0);
    }

    /// <summary>The program.</summary>
    public SubleqProgram Program { get; }

    /// <summary>The layout of X.</summary>
    public SubleqLayout Layout { get; }

    /// <summary>The state decoded after the last loop.</summary>
    public SubleqState State { get; private set; }

    /// <summary>The current X (d·n, column-major).</summary>
    public ReadOnlySpan<T> X => _x;

    /// <summary>Whether the program counter is at EOF.</summary>
    public bool Halted => State.Pc == Program.EofIndex;

    /// <summary>One loop: one instruction.</summary>
    public void Step()
    {
        _forward.Loop(_x);
        State = PunchCard.Decode<T>(Layout, _x, State.Steps + 1);
    }

    /// <summary>Loops until EOF or <paramref name="maxSteps"/> loops.</summary>
    public SubleqRun Run(long maxSteps)
    {
        while (!Halted && State.Steps < maxSteps) Step();
        return new SubleqRun(Halted, State);
    }

    /// <summary>
    /// Runs in lockstep with the reference interpreter, comparing program counter and memory after every loop and,
    /// when <paramref name="ternaryTolerance"/> is given, that every entry of X is within it of {−1, 0, 1}.
    /// Returns the first divergence, or null when the run reached EOF or <paramref name="maxSteps"/> in agreement.
    /// </summary>
    public LoopDivergence? RunLockstep(long maxSteps, double? ternaryTolerance = null, Action<SubleqState>? onStep = null)
    {
        var reference = new SubleqMachine(Program);
        while (!reference.Halted && reference.Steps < maxSteps)
        {
            reference.Step();
            var expected = reference.Snapshot();
            try { Step(); }
            catch (InvalidOperationException e) { return new LoopDivergence(expected.Steps, expected, null, e.Message); }
            onStep?.Invoke(State);
            if (State.Pc != expected.Pc)
                return new LoopDivergence(expected.Steps, expected, State, $"pc is {State.Pc}, expected {expected.Pc}");
            for (var i = 0; i < expected.Memory.Length; i++)
                if (State.Memory[i] != expected.Memory[i])
                    return new LoopDivergence(expected.Steps, expected, State,
                        $"{Program.CellName(i)} is {State.Memory[i]}, expected {expected.Memory[i]}");
            if (ternaryTolerance is { } tol && PunchCard.MaxDistanceFromTernary<T>(_x) is var dist && dist > tol)
                return new LoopDivergence(expected.Steps, expected, State, $"an entry of X is {dist:g3} away from {{-1, 0, 1}}");
        }
        return null;
    }
}
