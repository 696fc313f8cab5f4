namespace Glassbox.Rasp;

/// <summary>Where a node came from in a text program: file, 1-based line and column, and length in characters.</summary>
public sealed record SourceSpan(string File, int Line, int Column, int Length)
{
    /// <summary>"file:line:column", the form every diagnostic uses.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
