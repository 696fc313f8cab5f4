namespace Glassbox.Transformers.Tokenization;

/// <summary>Character-level tokenizer: one token per UTF-16 character of a fixed alphabet.</summary>
public sealed class CharTokenizer : ITokenizer
{
    /// <summary>Creates the tokenizer over the given alphabet (each char once, in id order).</summary>
    public CharTokenizer(string alphabet)
    {
        Alphabet = alphabet;
        Vocabulary = new Vocabulary(alphabet.Select(c => c.ToString()));
    }

    /// <summary>The characters, in id order.</summary>
    public string Alphabet { get; }

    /// <inheritdoc/>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc/>
    public string Kind => "char";

    /// <summary>The tokenizer whose alphabet is the sorted set of characters of <paramref name="corpus"/>.</summary>
    public static CharTokenizer FromCorpus(string corpus)
    {
        var chars = corpus.Distinct().Order().ToArray();
        if (chars.Length == 0) throw new UserError("corpus is empty: a character tokenizer needs at least one character");
        return new CharTokenizer(new string(chars));
    }

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            int id = Alphabet.IndexOf(text[i]);
            if (id < 0)
                throw new UserError($"character {Describe(text[i])} at offset {i} is not in the tokenizer's alphabet of {Alphabet.Length} characters");
            ids[i] = id;
        }
        return ids;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var id in ids)
            if (id >= 0 && id < Alphabet.Length) sb.Append(Alphabet[id]);
        return sb.ToString();
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
}
