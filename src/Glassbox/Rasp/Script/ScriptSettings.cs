namespace Glassbox.Rasp.Script;

/// <summary>The REPL's display state: running examples and which printouts are on.</summary>
public sealed class ScriptSettings
{
    /// <summary>The running example for s-op printouts (start value "hello").</summary>
    public RunningExample SOpExample { get; set; } = RunningExample.Hello;

    /// <summary>The running example for selector printouts (start value "hello").</summary>
    public RunningExample SelectorExample { get; set; } = RunningExample.Hello;

    /// <summary>Print <c>Example:</c> lines after s-ops.</summary>
    public bool ShowSOpExamples { get; set; } = true;

    /// <summary>Print example matrices after selectors.</summary>
    public bool ShowSelectorExamples { get; set; } = true;

    /// <summary><c>full seq display on</c>: aligned input/output rows.</summary>
    public bool FullSeqDisplay { get; set; }
}

/// <summary>An input to evaluate on: the atoms, and whether it was written as a string (for printing).</summary>
public sealed record RunningExample(IReadOnlyList<Value> Values, bool FromString)
{
    /// <summary>The start-up example "hello".</summary>
    public static RunningExample Hello { get; } = FromText("hello");

    /// <summary>A string input, split into one-character strings.</summary>
    public static RunningExample FromText(string text) =>
        new(text.EnumerateRunes().Select(r => (Value)r.ToString()).ToList(), true);

    /// <summary>How the example is shown after a name: <c>"hello"</c> or <c>[3, 1, 2]</c>.</summary>
    public override string ToString() => Printer.Input(Values, FromString);
}
