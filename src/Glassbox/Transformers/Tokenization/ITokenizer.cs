namespace Glassbox.Transformers.Tokenization;

/// <summary>Turns text into token ids of a <see cref="Vocabulary"/> and back.</summary>
public interface ITokenizer
{
    /// <summary>The vocabulary the ids index (special tokens are its last four ids).</summary>
    Vocabulary Vocabulary { get; }

    /// <summary>A short name of the scheme, as stored in model files ("char", "bpe", "symbols").</summary>
    string Kind { get; }

    /// <summary>Encodes text into ids of ordinary tokens (no BOS/EOS are added).</summary>
    int[] Encode(string text);

    /// <summary>Decodes ids back into text; special tokens are skipped.</summary>
    string Decode(IEnumerable<int> ids);
}
