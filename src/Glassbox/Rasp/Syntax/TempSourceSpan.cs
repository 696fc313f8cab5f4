namespace Glassbox.Rasp;

/// <summary>Temporary stand-in until rasp-core lands.</summary>
public sealed record SourceSpan(string File, int Line, int Column, int Length)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
