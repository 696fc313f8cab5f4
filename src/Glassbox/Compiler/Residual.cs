using Glassbox.Craft;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// The residual directions of compiled models. <c>one</c> is 1 at every token position and 0 at the BOS position;
/// <c>bos</c> is 1 only at the BOS position. Biases are weights from <c>one</c>, so every MLP outputs 0 at BOS and
/// s-op directions stay zero there ("BOS is clean"), which is what lets BOS mean "nothing selected".
/// A categorical s-op has one direction <c>label:value</c> per value; a numerical one a single direction <c>label</c>.
/// </summary>
public static class Residual
{
    /// <summary>Name of the constant direction.</summary>
    public const string OneName = "one";

    /// <summary>Name of the BOS marker direction.</summary>
    public const string BosName = "bos";

    /// <summary>1 at token positions, 0 at BOS.</summary>
    public static BasisDirection One { get; } = new(OneName);

    /// <summary>1 at the BOS position only.</summary>
    public static BasisDirection Bos { get; } = new(BosName);

    /// <summary>The direction of value <paramref name="value"/> of a categorical node.</summary>
    public static BasisDirection Of(GraphNode node, Value value) => new(node.Label, value);

    /// <summary>The direction of a numerical node.</summary>
    public static BasisDirection Of(GraphNode node) => new(node.Label);

    /// <summary>All directions of a node with value set <paramref name="set"/>.</summary>
    public static IEnumerable<BasisDirection> Directions(GraphNode node, ValueSet set) =>
        node.IsNumerical ? new[] { Of(node) } : set.Values.Select(v => Of(node, v));

    /// <summary>Adds <paramref name="weight"/>·(one-hot of <paramref name="value"/>) of a categorical node, or
    /// <paramref name="weight"/>·value on a numerical node's direction, to <paramref name="into"/>. None adds nothing.</summary>
    public static void AddValue(Dictionary<BasisDirection, double> into, GraphNode node, Value value, double weight)
    {
        if (value.IsNone || weight == 0) return;
        var (dir, w) = node.IsNumerical ? (Of(node), weight * value.AsDouble()) : (Of(node, value), weight);
        into[dir] = into.GetValueOrDefault(dir) + w;
    }
}
