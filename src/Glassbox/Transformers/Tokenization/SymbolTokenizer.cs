namespace Glassbox.Transformers.Tokenization;

/// <summary>
/// Tokenizer over a list of whole symbols (the generated tasks' "3 1 2" or "( ] )"): text is split on whitespace
/// and each piece must be a symbol; decoding joins symbols with single spaces.
/// </summary>
public sealed class SymbolTokenizer : ITokenizer
{
    /// <summary>Creates the tokenizer over the given symbols (in id order).</summary>
    public SymbolTokenizer(IEnumerable<string> symbols) => Vocabulary = new Vocabulary(symbols);

    /// <inheritdoc/>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc/>
    public string Kind => "symbols";

    /// <inheritdoc/>
    public int[] Encode(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Vocabulary.Id).ToArray();

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids) =>
        string.Join(" ", ids.Where(id => id >= 0 && id < Vocabulary.Size && !Vocabulary.IsSpecial(id)).Select(id => Vocabulary[id]));
}
