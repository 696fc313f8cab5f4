using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// Reusable scratch memory for forward and backward passes: each (owner, slot) keeps one flat buffer that grows
/// when needed and is handed out as a view of the requested shape, so repeated inference over many short sequences
/// allocates nothing after the first call. Views stay valid until the same slot is requested again. Not thread-safe:
/// use one workspace per thread.
/// </summary>
public sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<(object Owner, string Slot), Tensor<T>> _buffers = new();
    private readonly Dictionary<(object Owner, string Slot), T[]> _arrays = new();
    private readonly Dictionary<(object Owner, string Slot), SparsePattern> _patterns = new();

    /// <summary>A <paramref name="rows"/>×<paramref name="columns"/> view of the slot's buffer; cleared when <paramref name="clear"/>.</summary>
    public Tensor<T> Get(object owner, string slot, int rows, int columns, bool clear = false)
    {
        int need = rows * columns;
        if (!_buffers.TryGetValue((owner, slot), out var flat) || flat.Columns < need)
        {
            flat = new Tensor<T>(1, Math.Max(need, flat is null ? need : flat.Columns + flat.Columns / 2));
            _buffers[(owner, slot)] = flat;
        }
        var view = flat.ColumnRange(0, need).Reshape(rows, columns);
        if (clear) view.Clear();
        return view;
    }

    /// <summary>An array of at least <paramref name="length"/> elements for the slot (contents unspecified).</summary>
    public T[] GetArray(object owner, string slot, int length)
    {
        if (!_arrays.TryGetValue((owner, slot), out var a) || a.Length < length)
            _arrays[(owner, slot)] = a = new T[Math.Max(length, a is null ? length : a.Length + a.Length / 2)];
        return a;
    }

    /// <summary>The slot's reusable <see cref="SparsePattern"/>.</summary>
    internal SparsePattern Pattern(object owner, string slot)
    {
        if (!_patterns.TryGetValue((owner, slot), out var p)) _patterns[(owner, slot)] = p = new SparsePattern();
        return p;
    }

    /// <summary>Total number of elements held (for tests and diagnostics).</summary>
    public long ElementCount => _buffers.Values.Sum(b => (long)b.Length);
}
