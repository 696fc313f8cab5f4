using Glassbox.Compiler;
using Glassbox.Transformers;

namespace Glassbox.Interop.Safetensors;

/// <summary>
/// Exports compiled and trained models as safetensors in the <see cref="TransformerLensLayout"/>, with two
/// metadata strings: <c>glassbox</c> (the <see cref="InteropMetadata"/> JSON: vocabulary, readout, residual labels)
/// and <c>config</c> (TransformerLens-style hyper-parameters).
/// </summary>
public static class SafetensorsExport
{
    /// <summary>The file bytes of a compiled model (the weights <see cref="EngineModel"/> runs).</summary>
    public static byte[] Compiled(CompiledModel model) =>
        Bytes(TransformerLensLayout.From(EngineModel.Build(model)), InteropMetadata.Compiled(model));

    /// <summary>The file bytes of a trained model.</summary>
    public static byte[] Trained(ModelBundle bundle) =>
        Bytes(TransformerLensLayout.From(bundle.Model), InteropMetadata.Trained(bundle));

    private static byte[] Bytes((List<NamedTensor> Tensors, System.Text.Json.Nodes.JsonObject Config) layout, System.Text.Json.Nodes.JsonObject metadata) =>
        SafetensorsFile.ToBytes(layout.Tensors, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["glassbox"] = metadata.ToJsonString(),
            ["config"] = layout.Config.ToJsonString(),
        });
}
