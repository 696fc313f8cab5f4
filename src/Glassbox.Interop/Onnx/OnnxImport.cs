using System.Text.Json;
using System.Text.Json.Nodes;
using Glassbox.Compiler;
using Glassbox.Rasp;
using Google.Protobuf;

namespace Glassbox.Interop.Onnx;

/// <summary>
/// Reads a compiled model back from an ONNX file that <see cref="OnnxExport"/> wrote: the weights come from the
/// initializers (float32, so a weight may differ from the original double by its float rounding) and the
/// vocabulary, layers and readout from the <c>glassbox</c> metadata. Foreign graphs, trained-model exports and
/// damaged files are refused with a <see cref="UserError"/> naming the file and the problem.
/// </summary>
public static class OnnxImport
{
    /// <summary>The largest ONNX file read (protobuf messages cannot exceed 2 GiB).</summary>
    public const long MaxFileBytes = int.MaxValue;

    /// <summary>Reads the compiled model in <paramref name="path"/>.</summary>
    public static CompiledModel LoadCompiled(string path)
    {
        if (!File.Exists(path)) throw new UserError($"ONNX file '{path}' does not exist");
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes) throw new UserError($"ONNX file '{path}' is {length} bytes, more than the 2 GiB an ONNX protobuf can hold");
        return ReadCompiled(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads the compiled model in ONNX file bytes; <paramref name="source"/> names them in errors.</summary>
    public static CompiledModel ReadCompiled(byte[] bytes, string source)
    {
        string Bad(string why) => $"'{source}' is not a usable Glassbox ONNX file: {why}";
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new UserError(Bad($"it is not a valid ONNX protobuf ({e.Message})"), e); }
        if (model.ProducerName != OnnxExport.Producer)
            throw new UserError($"'{source}' was not written by Glassbox (producer '{(model.HasProducerName ? model.ProducerName : "none")}'): " +
                "glassbox run reads only ONNX files written by glassbox export; run other graphs with onnxruntime");
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExport.MetadataKey)
            ?? throw new UserError(Bad("it has no 'glassbox' metadata"));
        try
        {
            var meta = JsonNode.Parse(entry.Value) as JsonObject ?? throw new FormatException("the metadata is not a JSON object");
            if ((string?)meta["format"] != InteropMetadata.Format) throw new FormatException($"metadata format is not '{InteropMetadata.Format}'");
            if ((int?)meta["schema_version"] != InteropMetadata.SchemaVersion) throw new FormatException($"unsupported metadata schema version {meta["schema_version"]}");
            var kind = (string?)meta["kind"];
            if (kind == "trained")
                throw new UserError($"'{source}' holds a trained model; glassbox run reads compiled models (run the .gbm it was exported from, or use onnxruntime)");
            if (kind != "compiled") throw new FormatException($"unknown model kind '{kind}'");
            if (model.Graph is null) throw new FormatException("it has no graph");
            return Build(meta, new Weights(model.Graph));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or ArgumentException or InvalidCastException)
        {
            throw new UserError(Bad(e.Message), e);
        }
    }

    private static CompiledModel Build(JsonObject meta, Weights w)
    {
        var input = Req(meta, "input");
        var output = Req(meta, "output");
        var spec = Req(meta, "model");
        if ((double?)spec["coldness"] != EngineModel.Coldness)
            throw new FormatException($"it was written with attention coldness {spec["coldness"]}, this Glassbox runs {EngineModel.Coldness}");
        var labels = ReqArray(meta, "residual_labels").Select(n => (string)n!).ToList();
        var d = labels.Count;
        var vocabulary = ReqArray(input, "vocabulary").Select(n => ModelFile.ValueFromJson(n!["value"])).ToList();
        var n = (int)input["max_seq_len"]!;
        if (n < 1 || vocabulary.Count == 0) throw new FormatException("the vocabulary or max_seq_len is empty");
        var tokens = w.Matrix("embed.W_E", d, vocabulary.Count + 1);
        var positions = w.Matrix("pos_embed.W_pos", d, n + 1);
        var layers = new List<CompiledLayer>();
        foreach (var (node, l) in ReqArray(spec, "layers").Select((x, i) => (x as JsonObject ?? throw new FormatException($"layer {i} is not an object"), i)))
        {
            var heads = ReqArray(node, "heads").Select(h => h as JsonObject ?? throw new FormatException($"a head of layer {l} is not an object")).ToList();
            var compiledHeads = new List<CompiledHead>();
            if (heads.Count > 0)
            {
                var dMid = heads.Max(h => (int)h["d_value"]!);
                var wo = w.Matrix($"blocks.{l}.attn.W_O", d, heads.Count * dMid);
                for (var h = 0; h < heads.Count; h++)
                {
                    var (dAttn, dValue) = ((int)heads[h]["d_attn"]!, (int)heads[h]["d_value"]!);
                    var wv = w.Matrix($"blocks.{l}.attn.{h}.W_V", dMid, d);
                    compiledHeads.Add(new CompiledHead((string)heads[h]["name"]!, w.Matrix($"blocks.{l}.attn.{h}.W_Q", dAttn, d),
                        w.Matrix($"blocks.{l}.attn.{h}.W_K", dAttn, d), Rows(wv, 0, dValue), Columns(wo, h * dMid, dValue)));
                }
            }
            var hidden = (int)node["mlp_hidden"]!;
            var w1 = hidden == 0 ? new double[0, d] : w.Matrix($"blocks.{l}.mlp.W_in", hidden, d);
            var w2 = hidden == 0 ? new double[d, 0] : w.Matrix($"blocks.{l}.mlp.W_out", d, hidden);
            layers.Add(new CompiledLayer(compiledHeads, ReqArray(node, "mlp").Select(x => (string)x!).ToList(), w1, w2));
        }
        var directions = ReqArray(output, "residual_directions").Select(x => (int)x!).ToList();
        if (directions.Count == 0 || directions.Any(x => x < 0 || x >= d)) throw new FormatException("an output direction lies outside the residual stream");
        var numerical = (string?)output["encoding"] == "numerical";
        var values = ReqArray(output, "values").Select(ModelFile.ValueFromJson).ToList();
        if (numerical ? directions.Count != 1 : values.Count != directions.Count) throw new FormatException("the output values and directions do not match");
        w.Matrix("unembed.W_U", directions.Count, d);
        return new CompiledModel((string?)meta["program"] ?? "onnx", labels, vocabulary, n, (bool)spec["causal"]!, tokens, positions, layers,
            new OutputReadout((string)output["label"]!, numerical, values, directions));
    }

    private static double[,] Rows(double[,] m, int start, int count)
    {
        var r = new double[count, m.GetLength(1)];
        for (var i = 0; i < count; i++)
            for (var j = 0; j < r.GetLength(1); j++) r[i, j] = m[start + i, j];
        return r;
    }

    private static double[,] Columns(double[,] m, int start, int count)
    {
        var r = new double[m.GetLength(0), count];
        for (var i = 0; i < r.GetLength(0); i++)
            for (var j = 0; j < count; j++) r[i, j] = m[i, start + j];
        return r;
    }

    private static JsonObject Req(JsonObject o, string key) => o[key] as JsonObject ?? throw new FormatException($"the metadata lacks '{key}'");

    private static JsonArray ReqArray(JsonObject o, string key) => o[key] as JsonArray ?? throw new FormatException($"the metadata lacks the list '{key}'");

    /// <summary>The graph's float32 initializers, checked for type, shape and data length before use.</summary>
    private sealed class Weights(GraphProto graph)
    {
        private readonly Dictionary<string, TensorProto> _byName = graph.Initializer.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());

        /// <summary>The column-convention matrix W (rows × cols) stored as Wᵀ [cols, rows].</summary>
        public double[,] Matrix(string name, int rows, int cols)
        {
            var t = _byName.GetValueOrDefault(name) ?? throw new FormatException($"the weight '{name}' is missing");
            if (t.DataType != (int)TensorProto.Types.DataType.Float) throw new FormatException($"the weight '{name}' is not float32");
            if (t.Dims.Count != 2 || t.Dims[0] != cols || t.Dims[1] != rows)
                throw new FormatException($"the weight '{name}' has shape [{string.Join(", ", t.Dims)}], expected [{cols}, {rows}]");
            var count = (long)rows * cols;
            ReadOnlySpan<byte> raw = t.RawData.Span;
            var fromRaw = raw.Length > 0;
            if (fromRaw ? raw.Length != count * 4 : t.FloatData.Count != count)
                throw new FormatException($"the weight '{name}' holds {(fromRaw ? raw.Length / 4 : t.FloatData.Count)} numbers, its shape needs {count}");
            var m = new double[rows, cols];
            for (var j = 0; j < cols; j++)
                for (var i = 0; i < rows; i++)
                {
                    var k = j * rows + i;
                    var x = fromRaw ? BitConverter.ToSingle(raw.Slice(4 * k, 4)) : t.FloatData[k];
                    if (!float.IsFinite(x)) throw new FormatException($"the weight '{name}' holds a non-finite number");
                    m[i, j] = x;
                }
            return m;
        }
    }
}
