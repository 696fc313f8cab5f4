using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Interop.Safetensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Interop;

public class SafetensorsTests
{
    private static SafetensorsContent Read(byte[] bytes) => SafetensorsFile.Read(new MemoryStream(bytes), "test.safetensors");

    /// <summary>A file with the given JSON header and <paramref name="data"/> bytes, the header length as claimed.</summary>
    private static byte[] File(string header, int data, ulong? claimed = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimed ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void TensorsAndMetadataRoundTripExactly()
    {
        var tensors = new List<NamedTensor>
        {
            new("a", [2, 3], [1, -2, 3.5f, float.Epsilon, 0, 1e30f]),
            new("b.c", [4], [0.1f, 0.2f, 0.3f, 0.4f]),
            new("empty", [0, 5], []),
        };
        var back = Read(SafetensorsFile.ToBytes(tensors, new Dictionary<string, string> { ["k"] = "v ✓" }));
        Assert.Equal("v ✓", back.Metadata["k"]);
        Assert.Equal(tensors.Select(t => t.Name), back.Tensors.Select(t => t.Name));
        for (var i = 0; i < tensors.Count; i++)
        {
            Assert.Equal(tensors[i].Shape, back.Tensors[i].Shape);
            Assert.Equal(tensors[i].Data, back.Tensors[i].Data);
        }
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, 1UL << 60, "header claims")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, 200_000_000UL, "header claims")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8, null, "outside")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, null, "spans 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 8, null, "overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, null, "gap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, null, "cover 4 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, null, "unknown dtype")]
    [InlineData("{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, null, "reads F32")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, null, "negative")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4, null, "too large")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4, null, "[begin, end]")]
    [InlineData("{\"__metadata__\":{\"k\":3}}", 0, null, "not a string")]
    [InlineData("[1,2]", 0, null, "not a JSON object")]
    [InlineData("{\"a\":", 0, null, "not valid UTF-8 JSON")]
    public void LyingHeadersAreRefusedBeforeAnyDataIsRead(string header, int data, ulong? claimed, string message)
    {
        var e = Assert.Throws<UserError>(() => Read(File(header, data, claimed)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AFileShorterThanItsLengthPrefixIsRefused()
    {
        Assert.Contains("fewer than", Assert.Throws<UserError>(() => Read([1, 2, 3])).Message);
    }

    /// <summary>
    /// The TransformerLens layout read back from the file alone, run with TransformerLens's forward (row vectors,
    /// stacked heads, scores / attn_scale, causal mask, ReLU MLP, W_U), equals the engine on every input of sort.
    /// </summary>
    [Fact]
    public void ATransformerLensStyleForwardOverTheFileEqualsTheEngine()
    {
        var (options, c) = LibraryCases.Compile("sort");
        var file = Read(SafetensorsExport.Compiled(c.Model));
        using var config = JsonDocument.Parse(file.Metadata["config"]);
        var cfg = config.RootElement;
        Assert.Equal("relu", cfg.GetProperty("act_fn").GetString());
        Assert.Equal(JsonValueKind.Null, cfg.GetProperty("normalization_type").ValueKind);
        var meta = new MetadataCodec(file.Metadata["glassbox"]);
        var inputs = Verifier.Exhaustive(options.Vocabulary, LibraryCases.MaxSeqLen).ToList();
        var want = EngineModel.Run(c.Model, EngineModel.Build(c.Model), inputs);
        for (var s = 0; s < inputs.Count; s++)
        {
            var logits = LensForward(file, cfg, meta.Encode(inputs[s].Select(v => v.ToString())));
            var got = meta.Decode(logits);
            Assert.Equal(want[s].Select(OnnxCompiledTests.Plain), got);
        }
    }

    /// <summary>A plain TransformerLens-semantics forward pass (no layer norm) over the file's tensors.</summary>
    private static float[,] LensForward(SafetensorsContent f, JsonElement cfg, int[] ids)
    {
        int d = cfg.GetProperty("d_model").GetInt32(), h = cfg.GetProperty("n_heads").GetInt32(), dh = cfg.GetProperty("d_head").GetInt32();
        int dMlp = cfg.GetProperty("d_mlp").GetInt32(), layers = cfg.GetProperty("n_layers").GetInt32(), n = ids.Length;
        var scale = cfg.GetProperty("attn_scale").GetDouble();
        var causal = cfg.GetProperty("attention_dir").GetString() == "causal";
        float[] T(string name) => f[name]!.Data;
        var x = new double[n, d];
        for (var t = 0; t < n; t++)
            for (var i = 0; i < d; i++) x[t, i] = T("embed.W_E")[ids[t] * d + i] + T("pos_embed.W_pos")[t * d + i];
        for (var l = 0; l < layers; l++)
        {
            var (wq, wk, wv, wo) = (T($"blocks.{l}.attn.W_Q"), T($"blocks.{l}.attn.W_K"), T($"blocks.{l}.attn.W_V"), T($"blocks.{l}.attn.W_O"));
            var add = new double[n, d];
            for (var head = 0; head < h; head++)
            {
                double[,] Project(float[] w)
                {
                    var r = new double[n, dh];
                    for (var t = 0; t < n; t++)
                        for (var k = 0; k < dh; k++)
                            for (var i = 0; i < d; i++) r[t, k] += x[t, i] * w[(head * d + i) * dh + k];
                    return r;
                }
                var (q, k2, v) = (Project(wq), Project(wk), Project(wv));
                for (var tq = 0; tq < n; tq++)
                {
                    var scores = new double[n];
                    var max = double.NegativeInfinity;
                    for (var tk = 0; tk < n; tk++)
                    {
                        scores[tk] = double.NegativeInfinity;
                        if (causal && tk > tq) continue;
                        double dot = 0;
                        for (var k = 0; k < dh; k++) dot += q[tq, k] * k2[tk, k];
                        scores[tk] = dot / scale;
                        max = Math.Max(max, scores[tk]);
                    }
                    var sum = scores.Sum(sc => Math.Exp(sc - max));
                    var z = new double[dh];
                    for (var tk = 0; tk < n; tk++)
                        for (var k = 0; k < dh; k++) z[k] += Math.Exp(scores[tk] - max) / sum * v[tk, k];
                    for (var k = 0; k < dh; k++)
                        for (var i = 0; i < d; i++) add[tq, i] += z[k] * wo[(head * dh + k) * d + i];
                }
            }
            for (var t = 0; t < n; t++)
                for (var i = 0; i < d; i++) x[t, i] += add[t, i];
            var (win, wout) = (T($"blocks.{l}.mlp.W_in"), T($"blocks.{l}.mlp.W_out"));
            for (var t = 0; t < n; t++)
            {
                var hidden = new double[dMlp];
                for (var j = 0; j < dMlp; j++)
                {
                    for (var i = 0; i < d; i++) hidden[j] += x[t, i] * win[i * dMlp + j];
                    hidden[j] = Math.Max(0, hidden[j]);
                }
                for (var i = 0; i < d; i++)
                    for (var j = 0; j < dMlp; j++) x[t, i] += hidden[j] * wout[j * d + i];
            }
        }
        var wu = T("unembed.W_U");
        var outs = wu.Length / d;
        var logits = new float[n, outs];
        for (var t = 0; t < n; t++)
            for (var o = 0; o < outs; o++)
            {
                double s = 0;
                for (var i = 0; i < d; i++) s += x[t, i] * wu[i * outs + o];
                logits[t, o] = (float)s;
            }
        return logits;
    }

    [Fact]
    public void TrainedModelsExportWithTheirLayerNormsAndConfig()
    {
        var bundle = OnnxTrainedTests.Bundle(OnnxTrainedTests.Config("decoder"));
        var file = Read(SafetensorsExport.Trained(bundle));
        var names = file.Tensors.Select(t => t.Name).ToHashSet();
        foreach (var n in new[] { "embed.W_E", "pos_embed.W_pos", "blocks.1.ln1.w", "blocks.1.ln2.b", "blocks.0.attn.W_Q", "ln_final.w", "unembed.W_U" })
            Assert.Contains(n, names);
        Assert.Equal([2, 16, 8], file["blocks.0.attn.W_Q"]!.Shape);
        var wq = bundle.Model.Blocks.Blocks[0].SelfAttention!.Heads[1].Wq;
        Assert.Equal(wq[3, 5], file["blocks.0.attn.W_Q"]!.Data[(1 * 16 + 5) * 8 + 3]);
        using var config = JsonDocument.Parse(file.Metadata["config"]);
        Assert.Equal("LN", config.RootElement.GetProperty("normalization_type").GetString());
        Assert.Equal("causal", config.RootElement.GetProperty("attention_dir").GetString());
    }
}
