using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Reads and writes compiled models as <c>*.gbx.json</c>: every weight (shortest round-trip doubles, so a model
/// reloads bit for bit), the residual labels, the vocabulary and the readout. Writes are atomic (temp file, then
/// rename); a damaged or foreign file is refused with a message naming the file and the problem.
/// </summary>
public static class ModelFile
{
    private const string Format = "glassbox-compiled-model";
    private const int Version = 1;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(CompiledModel model, string path)
    {
        AtomicFile.WriteAllText(path, ToJson(model).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static CompiledModel Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"model file '{path}' does not exist");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            if ((string?)root["format"] != Format) throw new FormatException($"'format' is not \"{Format}\"");
            if ((int?)root["version"] != Version) throw new FormatException($"unsupported version {root["version"]}");
            return FromJson(root);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or ArgumentException or IndexOutOfRangeException or InvalidCastException)
        {
            throw new UserError($"model file '{path}' is not a valid Glassbox compiled model: {e.Message}", e);
        }
    }

    /// <summary>The JSON document of a model.</summary>
    public static JsonObject ToJson(CompiledModel m) => new()
    {
        ["format"] = Format,
        ["version"] = Version,
        ["program"] = m.ProgramName,
        ["vocabulary"] = new JsonArray(m.Vocabulary.Select(ValueToJson).ToArray()),
        ["max_seq_len"] = m.MaxSeqLen,
        ["causal"] = m.Causal,
        ["residual"] = new JsonArray(m.ResidualLabels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
        ["token_embedding"] = Matrix(m.TokenEmbedding),
        ["position_embedding"] = Matrix(m.PositionEmbedding),
        ["layers"] = new JsonArray(m.Layers.Select(l => (JsonNode)new JsonObject
        {
            ["heads"] = new JsonArray(l.Heads.Select(h => (JsonNode)new JsonObject
            {
                ["name"] = h.Name, ["wq"] = Matrix(h.Wq), ["wk"] = Matrix(h.Wk), ["wv"] = Matrix(h.Wv), ["wo"] = Matrix(h.Wo),
            }).ToArray()),
            ["mlp"] = new JsonObject
            {
                ["names"] = new JsonArray(l.MlpNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                ["w1"] = Matrix(l.W1), ["w2"] = Matrix(l.W2),
            },
        }).ToArray()),
        ["output"] = new JsonObject
        {
            ["label"] = m.Output.Label,
            ["numerical"] = m.Output.Numerical,
            ["values"] = new JsonArray(m.Output.Values.Select(ValueToJson).ToArray()),
            ["directions"] = new JsonArray(m.Output.Directions.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        },
    };

    private static CompiledModel FromJson(JsonObject root)
    {
        var labels = Req<JsonArray>(root, "residual").Select(n => (string)n!).ToList();
        var d = labels.Count;
        var vocab = Req<JsonArray>(root, "vocabulary").Select(ValueFromJson).ToList();
        var n = (int)root["max_seq_len"]!;
        var tokens = ReadMatrix(root["token_embedding"], d, vocab.Count + 1, "token_embedding");
        var positions = ReadMatrix(root["position_embedding"], d, n + 1, "position_embedding");
        var layers = new List<CompiledLayer>();
        foreach (var (node, li) in Req<JsonArray>(root, "layers").Select((x, i) => (x, i)))
        {
            var lo = node as JsonObject ?? throw new FormatException($"layer {li} is not an object");
            var heads = new List<CompiledHead>();
            foreach (var hn in Req<JsonArray>(lo, "heads"))
            {
                var h = hn as JsonObject ?? throw new FormatException($"a head of layer {li} is not an object");
                var wq = ReadMatrix(h["wq"], -1, d, $"layer {li} wq");
                var wk = ReadMatrix(h["wk"], wq.GetLength(0), d, $"layer {li} wk");
                var wv = ReadMatrix(h["wv"], -1, d, $"layer {li} wv");
                var wo = ReadMatrix(h["wo"], d, wv.GetLength(0), $"layer {li} wo");
                heads.Add(new CompiledHead((string)h["name"]!, wq, wk, wv, wo));
            }
            var mlp = Req<JsonObject>(lo, "mlp");
            var w1 = ReadMatrix(mlp["w1"], -1, d, $"layer {li} w1");
            var w2 = ReadMatrix(mlp["w2"], d, w1.GetLength(0), $"layer {li} w2");
            layers.Add(new CompiledLayer(heads, Req<JsonArray>(mlp, "names").Select(x => (string)x!).ToList(), w1, w2));
        }
        var o = Req<JsonObject>(root, "output");
        var dirs = Req<JsonArray>(o, "directions").Select(x => (int)x!).ToList();
        if (dirs.Any(x => x < 0 || x >= d)) throw new FormatException("an output direction lies outside the residual stream");
        var output = new OutputReadout((string)o["label"]!, (bool)o["numerical"]!, Req<JsonArray>(o, "values").Select(ValueFromJson).ToList(), dirs);
        if (!output.Numerical && output.Values.Count != dirs.Count) throw new FormatException("output values and directions differ in number");
        if (output.Numerical && dirs.Count != 1) throw new FormatException("a numerical output has exactly one direction");
        return new CompiledModel((string)root["program"]!, labels, vocab, n, (bool)root["causal"]!, tokens, positions, layers, output);
    }

    private static T Req<T>(JsonObject o, string key) where T : JsonNode =>
        o[key] as T ?? throw new FormatException($"missing or malformed '{key}'");

    private static JsonArray Matrix(double[,] m)
    {
        var rows = new JsonNode[m.GetLength(0)];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new JsonNode[m.GetLength(1)];
            for (var j = 0; j < row.Length; j++) row[j] = JsonValue.Create(m[i, j]);
            rows[i] = new JsonArray(row);
        }
        return new JsonArray(rows);
    }

    private static double[,] ReadMatrix(JsonNode? node, int rows, int cols, string what)
    {
        var a = node as JsonArray ?? throw new FormatException($"'{what}' is not a matrix");
        if (rows >= 0 && a.Count != rows) throw new FormatException($"'{what}' has {a.Count} rows, expected {rows}");
        var m = new double[a.Count, cols];
        for (var i = 0; i < a.Count; i++)
        {
            var r = a[i] as JsonArray ?? throw new FormatException($"row {i} of '{what}' is not an array");
            if (r.Count != cols) throw new FormatException($"row {i} of '{what}' has {r.Count} entries, expected {cols}");
            for (var j = 0; j < cols; j++)
            {
                var x = (double)r[j]!;
                if (!double.IsFinite(x)) throw new FormatException($"'{what}' holds a non-finite number");
                m[i, j] = x;
            }
        }
        return m;
    }

    /// <summary>A value as a tagged JSON object ({"int": 1}, {"float": 0.5}, {"bool": true}, {"str": "a"}, {"none": null}).</summary>
    public static JsonNode ValueToJson(Value v) => v.Kind switch
    {
        ValueKind.Int => new JsonObject { ["int"] = v.AsLong() },
        ValueKind.Float => new JsonObject { ["float"] = v.AsDouble() },
        ValueKind.Bool => new JsonObject { ["bool"] = v.AsBool() },
        ValueKind.String => new JsonObject { ["str"] = v.AsString() },
        _ => new JsonObject { ["none"] = null },
    };

    /// <summary>Reads a value written by <see cref="ValueToJson"/>; anything else is a <see cref="FormatException"/>.</summary>
    public static Value ValueFromJson(JsonNode? node)
    {
        var o = node as JsonObject ?? throw new FormatException("a value is not a tagged object");
        if (o.ContainsKey("int")) return Value.Int((long)o["int"]!);
        if (o.ContainsKey("float")) return Value.Float((double)o["float"]!);
        if (o.ContainsKey("bool")) return Value.Bool((bool)o["bool"]!);
        if (o.ContainsKey("str")) return Value.String((string)o["str"]!);
        if (o.ContainsKey("none")) return Value.None;
        throw new FormatException("unknown value tag");
    }
}
