using System.Reflection;
using System.Text.Json.Nodes;
using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Transformers;

namespace Glassbox.Interop;

/// <summary>
/// The self-describing JSON that travels with exported weights (the ONNX <c>glassbox</c> metadata prop and the
/// safetensors <c>__metadata__</c>): how to turn input tokens into ids and output rows into values, with no
/// Glassbox code. Schema (version 1) in docs/interop.md. Values are tagged as in <c>*.gbx.json</c>:
/// <c>{"int": 1}</c>, <c>{"float": 0.5}</c>, <c>{"bool": true}</c>, <c>{"str": "a"}</c>, <c>{"none": null}</c>.
/// </summary>
public static class InteropMetadata
{
    /// <summary>The format tag every Glassbox metadata document carries.</summary>
    public const string Format = "glassbox-interop";

    /// <summary>The schema version written (and the only one read).</summary>
    public const int SchemaVersion = 1;

    /// <summary>The version of the Glassbox library that wrote a file.</summary>
    public static string GlassboxVersion { get; } =
        typeof(CompiledModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The metadata of a compiled model (what <see cref="EngineModel"/> runs: one-hot embeddings, BOS id 0, softmax coldness).</summary>
    public static JsonObject Compiled(CompiledModel m)
    {
        var o = m.Output;
        return new JsonObject
        {
            ["format"] = Format,
            ["schema_version"] = SchemaVersion,
            ["kind"] = "compiled",
            ["glassbox_version"] = GlassboxVersion,
            ["program"] = m.ProgramName,
            ["input"] = new JsonObject
            {
                ["name"] = "input_ids",
                ["dtype"] = "int64",
                ["shape"] = new JsonArray("batch", "seq"),
                ["prepend_bos"] = true,
                ["bos_id"] = CompiledModel.BosId,
                ["max_seq_len"] = m.MaxSeqLen,
                ["vocabulary"] = new JsonArray(m.Vocabulary.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["id"] = i + 1, ["text"] = v.ToString(), ["value"] = ModelFile.ValueToJson(v),
                }).ToArray()),
            },
            ["output"] = new JsonObject
            {
                ["name"] = "logits",
                ["label"] = o.Label,
                ["encoding"] = o.Numerical ? "numerical" : "categorical",
                ["skip_positions"] = 1,
                ["values"] = new JsonArray(o.Values.Select(ModelFile.ValueToJson).ToArray()),
                ["none_threshold"] = 0.5,
                ["residual_directions"] = new JsonArray(o.Directions.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["rule"] = o.Numerical
                    ? "the value is logits[..., 0] (a float)"
                    : "the value is values[argmax(logits[..., :])]; if the largest logit is not above none_threshold the value is None",
            },
            ["residual_labels"] = new JsonArray(m.ResidualLabels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
            ["model"] = new JsonObject
            {
                ["causal"] = m.Causal,
                ["attention"] = "softmax",
                ["coldness"] = EngineModel.Coldness,
                ["layer_norm"] = false,
                ["activation"] = "relu",
                ["layers"] = new JsonArray(m.Layers.Select(l => (JsonNode)new JsonObject
                {
                    ["heads"] = new JsonArray(l.Heads.Select(h => (JsonNode)new JsonObject
                    {
                        ["name"] = h.Name, ["d_attn"] = h.Wq.GetLength(0), ["d_value"] = h.Wv.GetLength(0),
                    }).ToArray()),
                    ["mlp"] = new JsonArray(l.MlpNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                    ["mlp_hidden"] = l.Hidden,
                }).ToArray()),
            },
        };
    }

    /// <summary>The metadata of a trained model: its tokenizer's symbols and special ids, the task and the architecture.</summary>
    public static JsonObject Trained(ModelBundle b)
    {
        var v = b.Tokenizer.Vocabulary;
        var m = b.Model;
        var config = m.Config;
        return new JsonObject
        {
            ["format"] = Format,
            ["schema_version"] = SchemaVersion,
            ["kind"] = "trained",
            ["glassbox_version"] = GlassboxVersion,
            ["program"] = b.Task,
            ["input"] = new JsonObject
            {
                ["name"] = "input_ids",
                ["dtype"] = "int64",
                ["shape"] = new JsonArray("batch", "seq"),
                ["tokenizer"] = b.Tokenizer.Kind,
                ["prepend_bos"] = true,
                ["bos_id"] = v.Bos,
                ["special_ids"] = new JsonObject { ["pad"] = v.Pad, ["mask"] = v.Mask, ["bos"] = v.Bos, ["eos"] = v.Eos },
                ["max_seq_len"] = m.Embedding.MaxLength == int.MaxValue ? null : m.Embedding.MaxLength,
                ["max_input_length"] = b.MaxInputLength,
                ["vocabulary"] = new JsonArray(Enumerable.Range(0, v.Size).Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = i, ["text"] = v[i],
                }).ToArray()),
            },
            ["output"] = new JsonObject
            {
                ["name"] = "logits",
                ["encoding"] = "token_logits",
                ["rule"] = "logits[..., t, :] scores the next token (decoder) or the label of position t (encoder); argmax gives a vocabulary id",
            },
            ["model"] = new JsonObject
            {
                ["architecture"] = m.Architecture.ToString().ToLowerInvariant(),
                ["causal"] = m.IsCausal,
                ["d_model"] = m.Embedding.Dimension,
                ["layers"] = m.Blocks.Blocks.Count,
                ["heads"] = config?.Heads,
                ["layer_norm"] = config?.EffectiveNorm.ToString().ToLowerInvariant(),
                ["activation"] = config?.EffectiveActivation.ToString().ToLowerInvariant(),
            },
        };
    }
}
