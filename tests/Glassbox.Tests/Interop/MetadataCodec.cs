using System.Text.Json;

namespace Glassbox.Tests.Interop;

/// <summary>
/// Encodes inputs and decodes outputs of an exported compiled model from its metadata JSON alone — no Glassbox
/// type is used — the way a Python or JavaScript user would, following docs/interop.md.
/// </summary>
public sealed class MetadataCodec
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly List<JsonElement> _values = new();
    private readonly bool _numerical;
    private readonly double _threshold;
    private readonly int _skip;
    private readonly long _bos;
    private readonly bool _prependBos;

    public MetadataCodec(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("glassbox-interop", root.GetProperty("format").GetString());
        var input = root.GetProperty("input");
        foreach (var entry in input.GetProperty("vocabulary").EnumerateArray())
            _ids[entry.GetProperty("text").GetString()!] = entry.GetProperty("id").GetInt64();
        _bos = input.GetProperty("bos_id").GetInt64();
        _prependBos = input.GetProperty("prepend_bos").GetBoolean();
        MaxSeqLen = input.GetProperty("max_seq_len").GetInt32();
        var output = root.GetProperty("output");
        _numerical = output.GetProperty("encoding").GetString() == "numerical";
        _threshold = output.GetProperty("none_threshold").GetDouble();
        _skip = output.GetProperty("skip_positions").GetInt32();
        foreach (var v in output.GetProperty("values").EnumerateArray()) _values.Add(v.Clone());
        ResidualLabels = root.GetProperty("residual_labels").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    public int MaxSeqLen { get; }

    public IReadOnlyList<string> ResidualLabels { get; }

    /// <summary>Token ids of input words (by their text), BOS first.</summary>
    public int[] Encode(IEnumerable<string> words) =>
        (_prependBos ? new[] { (int)_bos } : []).Concat(words.Select(w => (int)_ids[w])).ToArray();

    /// <summary>Decoded values as display strings ("None" for None, floats as the number) for positions after BOS.</summary>
    public IReadOnlyList<object?> Decode(float[,] logits)
    {
        var result = new List<object?>();
        for (var t = _skip; t < logits.GetLength(0); t++)
        {
            if (_numerical) { result.Add((double)logits[t, 0]); continue; }
            var best = -1;
            var max = _threshold;
            for (var k = 0; k < logits.GetLength(1); k++)
                if (logits[t, k] > max) { max = logits[t, k]; best = k; }
            result.Add(best < 0 ? null : Plain(_values[best]));
        }
        return result;
    }

    /// <summary>A tagged value ({"int": 1}, {"str": "a"}, …) as a plain object.</summary>
    public static object? Plain(JsonElement tagged)
    {
        var p = tagged.EnumerateObject().Single();
        return p.Name switch
        {
            "int" => p.Value.GetInt64(),
            "float" => p.Value.GetDouble(),
            "bool" => p.Value.GetBoolean(),
            "str" => p.Value.GetString(),
            _ => null,
        };
    }
}
