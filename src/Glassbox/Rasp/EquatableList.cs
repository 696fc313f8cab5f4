using System.Collections;

namespace Glassbox.Rasp;

/// <summary>
/// An immutable list with structural equality and hashing (element by element), so records that hold n-ary
/// children compare by content.
/// </summary>
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;

    /// <summary>Copies the given items.</summary>
    public EquatableList(IEnumerable<T> items) => _items = items.ToArray();

    /// <summary>The empty list.</summary>
    public static EquatableList<T> Empty { get; } = new(Array.Empty<T>());

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>True when both lists have equal elements in the same order.</summary>
    public bool Equals(EquatableList<T>? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other._items.Length != _items.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < _items.Length; i++)
            if (!cmp.Equals(_items[i], other._items[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableList<T> l && Equals(l);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in _items) h.Add(item);
        return h.ToHashCode();
    }

    /// <summary>"[a, b, c]".</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    /// <summary>Equality of contents.</summary>
    public static bool operator ==(EquatableList<T>? a, EquatableList<T>? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Inequality of contents.</summary>
    public static bool operator !=(EquatableList<T>? a, EquatableList<T>? b) => !(a == b);
}

/// <summary>Factory for <see cref="EquatableList{T}"/>.</summary>
public static class EquatableList
{
    /// <summary>An equatable list of the given items.</summary>
    public static EquatableList<T> Of<T>(params IEnumerable<T> items) => new(items);
}
