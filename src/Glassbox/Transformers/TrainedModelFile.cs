using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Glassbox.Tensors;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Transformers;

/// <summary>A trained model with what is needed to use it: its tokenizer and the task it was trained on.</summary>
/// <param name="Model">The transformer (float32).</param>
/// <param name="Tokenizer">How text becomes token ids.</param>
/// <param name="Task">The task name (<c>reverse</c>, <c>text</c>, …).</param>
/// <param name="MaxInputLength">Longest task input the model was trained on (the context for text).</param>
public sealed record ModelBundle(Transformer<float> Model, ITokenizer Tokenizer, string Task, int MaxInputLength);

/// <summary>
/// The trained-model file (<c>.gbm</c>): the ASCII line <c>GLASSBOX-MODEL 1</c>, a 4-byte little-endian header
/// length, a UTF-8 JSON header (config, tokenizer, task, parameter names and shapes), the parameters as float32
/// little-endian in header order, and a SHA-256 of everything before it. Loading checks every part and refuses
/// truncated or corrupted files with a <see cref="UserError"/>. Files are written atomically (temp file + rename).
/// </summary>
public static class TrainedModelFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("GLASSBOX-MODEL 1\n");
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = false };

    /// <summary>Writes the bundle to <paramref name="path"/> atomically.</summary>
    public static void Save(ModelBundle bundle, string path)
    {
        var parameters = bundle.Model.Parameters().ToList();
        var header = new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(bundle.Model.Config ?? throw new ArgumentException("only models built from a TransformerConfig can be saved"), Json),
            ["tokenizer"] = TokenizerToJson(bundle.Tokenizer),
            ["task"] = bundle.Task,
            ["max_input_length"] = bundle.MaxInputLength,
            ["parameters"] = new JsonArray(parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["rows"] = p.Value.Rows, ["columns"] = p.Value.Columns,
            }).ToArray()),
        };
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        buffer.Write(BitConverter.GetBytes(headerBytes.Length));
        buffer.Write(headerBytes);
        foreach (var (_, value) in parameters)
            foreach (var x in value.Span) buffer.Write(BitConverter.GetBytes(x));
        var body = buffer.ToArray();
        var hash = SHA256.HashData(body);
        AtomicFile.Write(path, temp =>
        {
            using var f = File.Create(temp);
            f.Write(body);
            f.Write(hash);
        });
    }

    /// <summary>Reads and validates a model file.</summary>
    public static ModelBundle Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"model file '{path}' does not exist");
        var bytes = File.ReadAllBytes(path);
        string Bad(string why) => $"model file '{path}' is not a valid Glassbox model: {why}";
        if (bytes.Length < Magic.Length + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new UserError(Bad("it does not start with the GLASSBOX-MODEL 1 signature"));
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new UserError(Bad("its checksum does not match (the file is truncated or corrupted)"));
        int headerLength = BitConverter.ToInt32(bytes, Magic.Length);
        int dataStart = Magic.Length + 4 + headerLength;
        if (headerLength <= 0 || dataStart > body.Length) throw new UserError(Bad("the header length is out of range"));
        JsonNode header;
        TransformerConfig config;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, Magic.Length + 4, headerLength)) ?? throw new JsonException("empty header");
            config = header["config"].Deserialize<TransformerConfig>(Json) ?? throw new JsonException("no config");
        }
        catch (JsonException e)
        {
            throw new UserError(Bad($"its header is not valid JSON ({e.Message})"));
        }
        Transformer<float> model;
        try { model = TransformerFactory.Create<float>(config, seed: 0); }
        catch (ArgumentException e) { throw new UserError(Bad($"its configuration is inconsistent ({e.Message})")); }
        var expected = model.Parameters().ToList();
        var listed = header["parameters"]?.AsArray() ?? throw new UserError(Bad("the header lists no parameters"));
        if (listed.Count != expected.Count) throw new UserError(Bad($"it lists {listed.Count} parameters, the configuration needs {expected.Count}"));
        int offset = dataStart;
        for (int i = 0; i < expected.Count; i++)
        {
            var (name, value) = expected[i];
            var entry = listed[i]!;
            if ((string?)entry["name"] != name || (int?)entry["rows"] != value.Rows || (int?)entry["columns"] != value.Columns)
                throw new UserError(Bad($"parameter {i} is {entry["name"]} {entry["rows"]}×{entry["columns"]}, expected {name} {value.Rows}×{value.Columns}"));
            int size = value.Length * 4;
            if (offset + size > body.Length) throw new UserError(Bad($"the weights end early (in {name})"));
            var span = value.Span;
            for (int k = 0; k < span.Length; k++) span[k] = BitConverter.ToSingle(bytes, offset + 4 * k);
            offset += size;
        }
        if (offset != body.Length) throw new UserError(Bad($"{body.Length - offset} unexpected bytes after the weights"));
        var tokenizer = TokenizerFromJson(header["tokenizer"], Bad);
        if (tokenizer.Vocabulary.Size != config.VocabSize)
            throw new UserError(Bad($"the tokenizer has {tokenizer.Vocabulary.Size} tokens but the model {config.VocabSize}"));
        return new ModelBundle(model, tokenizer, (string?)header["task"] ?? "text", (int?)header["max_input_length"] ?? config.MaxLength);
    }

    private static JsonObject TokenizerToJson(ITokenizer t) => t switch
    {
        CharTokenizer c => new JsonObject { ["kind"] = "char", ["alphabet"] = c.Alphabet },
        BpeTokenizer b => new JsonObject { ["kind"] = "bpe", ["merges"] = new JsonArray(b.Merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right)).ToArray()) },
        _ => new JsonObject { ["kind"] = "symbols", ["symbols"] = new JsonArray(t.Vocabulary.Symbols.Select(s => (JsonNode)s).ToArray()) },
    };

    private static ITokenizer TokenizerFromJson(JsonNode? node, Func<string, string> bad)
    {
        try
        {
            return (string?)node?["kind"] switch
            {
                "char" => new CharTokenizer((string?)node!["alphabet"] ?? throw new UserError(bad("the character tokenizer has no alphabet"))),
                "bpe" => new BpeTokenizer(node!["merges"]!.AsArray().Select(m => ((int)m![0]!, (int)m[1]!)).ToList()),
                "symbols" => new SymbolTokenizer(node!["symbols"]!.AsArray().Select(s => (string)s!)),
                var k => throw new UserError(bad($"unknown tokenizer kind '{k}'")),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new UserError(bad($"its tokenizer is malformed ({e.Message})"));
        }
    }
}
