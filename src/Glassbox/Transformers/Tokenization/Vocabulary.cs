namespace Glassbox.Transformers.Tokenization;

/// <summary>
/// A finite token vocabulary V ≅ {0, …, N_V − 1} with a string for every id. Following the Formal Algorithms
/// convention (which puts mask, bos and eos last) the four special tokens occupy the last four ids:
/// <c>pad = N_V − 4</c>, <c>mask = N_V − 3</c>, <c>bos = N_V − 2</c>, <c>eos = N_V − 1</c> (ids start at 0 here).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The printed names of the special tokens.</summary>
    public const string PadName = "<pad>", MaskName = "<mask>", BosName = "<bos>", EosName = "<eos>";

    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Builds a vocabulary from the ordinary symbols; the four special tokens are appended.</summary>
    public Vocabulary(IEnumerable<string> symbols)
    {
        var list = new List<string>();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in symbols.Concat([PadName, MaskName, BosName, EosName]))
        {
            if (!_ids.TryAdd(s, list.Count))
                throw new UserError($"vocabulary: symbol '{s}' appears twice");
            list.Add(s);
        }
        _names = list.ToArray();
    }

    /// <summary>N_V: the number of token ids, special tokens included.</summary>
    public int Size => _names.Length;

    /// <summary>Number of ordinary (non-special) symbols; they have ids 0 … OrdinaryCount − 1.</summary>
    public int OrdinaryCount => _names.Length - 4;

    /// <summary>Padding token id (N_V − 4).</summary>
    public int Pad => _names.Length - 4;

    /// <summary>The mask token of masked-language-model training (Algorithm 12), id N_V − 3.</summary>
    public int Mask => _names.Length - 3;

    /// <summary>Beginning-of-sequence token id (N_V − 2).</summary>
    public int Bos => _names.Length - 2;

    /// <summary>End-of-sequence token id (N_V − 1).</summary>
    public int Eos => _names.Length - 1;

    /// <summary>The ordinary symbols in id order (special tokens excluded).</summary>
    public IReadOnlyList<string> Symbols => _names[..OrdinaryCount];

    /// <summary>The printed name of a token id.</summary>
    public string this[int id] => id >= 0 && id < _names.Length
        ? _names[id]
        : throw new UserError($"token id {id} is outside the vocabulary of {_names.Length} tokens");

    /// <summary>The id of a symbol; a symbol not in the vocabulary is a <see cref="UserError"/> naming it.</summary>
    public int Id(string symbol) => _ids.TryGetValue(symbol, out var id)
        ? id
        : throw new UserError($"token '{symbol}' is not in the vocabulary ({string.Join(" ", Symbols.Take(20))}{(OrdinaryCount > 20 ? " …" : "")})");

    /// <summary>True when <paramref name="symbol"/> names a token.</summary>
    public bool Contains(string symbol) => _ids.ContainsKey(symbol);

    /// <summary>True for pad, mask, bos and eos.</summary>
    public bool IsSpecial(int id) => id >= OrdinaryCount;
}
