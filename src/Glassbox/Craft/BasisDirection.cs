namespace Glassbox.Craft;

/// <summary>
/// One named direction of a residual stream: <c>name:value</c> for a categorical s-op (one direction per value),
/// or a bare <c>name</c> for a numerical s-op or a special direction such as <c>one</c>.
/// </summary>
/// <param name="Name">The s-op label or special name.</param>
/// <param name="Value">The value this direction stands for (categorical), or null for a single numerical direction.
/// Equality uses the value's own <see cref="object.Equals(object)"/>, so RASP values keep Python equality.</param>
public sealed record BasisDirection(string Name, object? Value = null)
{
    /// <summary>The label used in reports, model files and views: <c>name:value</c> or <c>name</c>.</summary>
    public string Label => Value is null ? Name : $"{Name}:{Value}";

    /// <inheritdoc />
    public override string ToString() => Label;
}
