namespace Glassbox.Transformers.Tokenization;

/// <summary>
/// Byte-level byte-pair encoding. The 256 byte values are the base tokens; each learned merge (a, b) adds the token
/// 256 + rank. Text is first written as <see cref="Wtf8"/> bytes, so every string round-trips exactly; merges never
/// cross the boundaries of pre-tokenised chunks (a word with its leading space, a digit run, a punctuation run, or
/// a whitespace run).
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly (int Left, int Right)[] _merges;
    private readonly Dictionary<(int, int), int> _rank = new();
    private readonly byte[][] _bytesOf;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the tokenizer from its merges, in the order they were learned.</summary>
    public BpeTokenizer(IReadOnlyList<(int Left, int Right)> merges)
    {
        _merges = merges.ToArray();
        _bytesOf = new byte[256 + _merges.Length][];
        for (int b = 0; b < 256; b++) _bytesOf[b] = [(byte)b];
        for (int r = 0; r < _merges.Length; r++)
        {
            var (a, c) = _merges[r];
            if (a < 0 || c < 0 || a >= 256 + r || c >= 256 + r)
                throw new UserError($"BPE merge {r} ({a}, {c}) refers to a token that does not exist yet");
            if (!_rank.TryAdd((a, c), r)) throw new UserError($"BPE merge {r} ({a}, {c}) is listed twice");
            _bytesOf[256 + r] = [.. _bytesOf[a], .. _bytesOf[c]];
        }
        var seen = new HashSet<string>([Vocabulary.PadName, Vocabulary.MaskName, Vocabulary.BosName, Vocabulary.EosName], StringComparer.Ordinal);
        Vocabulary = new Vocabulary(Enumerable.Range(0, _bytesOf.Length).Select(id => seen.Add(Name(id)) ? Name(id) : $"{Name(id)}#{id}"));
    }

    /// <summary>The learned merges in rank order; merge r creates token 256 + r.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;

    /// <inheritdoc/>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc/>
    public string Kind => "bpe";

    /// <summary>
    /// Learns up to <paramref name="mergeCount"/> merges from <paramref name="corpus"/>: repeatedly the most frequent
    /// adjacent pair (ties: the smallest pair of ids) becomes a new token; stops early when no pair occurs twice.
    /// </summary>
    public static BpeTokenizer Train(string corpus, int mergeCount)
    {
        if (mergeCount < 0) throw new UserError("BPE merge count must be ≥ 0");
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in PreTokenize(corpus))
            words[chunk] = words.GetValueOrDefault(chunk) + 1;
        var seqs = words.Select(kv => (Ids: Wtf8.Encode(kv.Key).Select(b => (int)b).ToList(), Count: kv.Value)).ToList();
        var merges = new List<(int, int)>();
        var counts = new Dictionary<(int, int), long>();
        for (int m = 0; m < mergeCount; m++)
        {
            counts.Clear();
            foreach (var (ids, count) in seqs)
                for (int i = 0; i + 1 < ids.Count; i++)
                    counts[(ids[i], ids[i + 1])] = counts.GetValueOrDefault((ids[i], ids[i + 1])) + count;
            (int, int) best = default;
            long bestCount = 1;
            foreach (var (pair, c) in counts)
                if (c > bestCount || (c == bestCount && c > 1 && pair.CompareTo(best) < 0)) { best = pair; bestCount = c; }
            if (bestCount < 2) break;
            int id = 256 + merges.Count;
            merges.Add(best);
            foreach (var (ids, _) in seqs) MergeInPlace(ids, best, id);
        }
        return new BpeTokenizer(merges);
    }

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        var result = new List<int>(text.Length);
        foreach (var chunk in PreTokenize(text))
        {
            if (!_cache.TryGetValue(chunk, out var ids))
            {
                ids = EncodeChunk(chunk);
                if (_cache.Count < 100_000) _cache[chunk] = ids;
            }
            result.AddRange(ids);
        }
        return result.ToArray();
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
            if (id >= 0 && id < _bytesOf.Length) bytes.AddRange(_bytesOf[id]);
        return Wtf8.Decode(bytes.ToArray());
    }

    /// <summary>The bytes a token stands for.</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => _bytesOf[id];

    /// <summary>Splits text into the chunks merges stay within; concatenating the chunks gives the text back.</summary>
    public static IEnumerable<string> PreTokenize(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int i = start;
            if (text[i] == ' ' && i + 1 < text.Length && Category(text[i + 1]) != 0) i++;
            int cat = Category(text[i]);
            i++;
            while (i < text.Length && Category(text[i]) == cat && !(cat == 0 && i + 1 < text.Length && text[i] == ' ' && Category(text[i + 1]) != 0))
                i++;
            yield return text[start..i];
            start = i;
        }
    }

    private static int Category(char c) =>
        char.IsWhiteSpace(c) ? 0 : char.IsLetter(c) || char.IsSurrogate(c) ? 1 : char.IsDigit(c) ? 2 : 3;

    private int[] EncodeChunk(string chunk)
    {
        var ids = Wtf8.Encode(chunk).Select(b => (int)b).ToList();
        while (ids.Count > 1)
        {
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < ids.Count; i++)
                if (_rank.TryGetValue((ids[i], ids[i + 1]), out var r) && r < bestRank) bestRank = r;
            if (bestRank == int.MaxValue) break;
            MergeInPlace(ids, _merges[bestRank], 256 + bestRank);
        }
        return ids.ToArray();
    }

    private static void MergeInPlace(List<int> ids, (int, int) pair, int id)
    {
        int w = 0;
        for (int r = 0; r < ids.Count; r++)
        {
            if (r + 1 < ids.Count && ids[r] == pair.Item1 && ids[r + 1] == pair.Item2) { ids[w++] = id; r++; }
            else ids[w++] = ids[r];
        }
        ids.RemoveRange(w, ids.Count - w);
    }

    private string Name(int id)
    {
        var bytes = _bytesOf[id];
        bool printable = bytes.All(b => b >= 0x20 && b < 0x7F);
        return printable ? System.Text.Encoding.ASCII.GetString(bytes) : "<0x" + Convert.ToHexString(bytes) + ">";
    }
}
