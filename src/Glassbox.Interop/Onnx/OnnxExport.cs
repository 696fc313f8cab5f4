using System.Text.Json.Nodes;
using Glassbox.Compiler;
using Glassbox.Transformers;
using Google.Protobuf;

namespace Glassbox.Interop.Onnx;

/// <summary>
/// Exports compiled and trained models as standard ONNX files (opset 17, IR version 8, float32, dynamic batch and
/// sequence length) whose metadata prop <c>glassbox</c> holds the <see cref="InteropMetadata"/> JSON.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written.</summary>
    public const int IrVersion = 8;

    /// <summary>The producer name Glassbox writes (and <see cref="OnnxImport"/> requires).</summary>
    public const string Producer = "glassbox";

    /// <summary>The metadata key of the JSON document.</summary>
    public const string MetadataKey = "glassbox";

    /// <summary>The ONNX file (bytes) of a compiled program, running exactly what <see cref="EngineModel"/> runs.</summary>
    public static byte[] Compiled(CompiledModel model) => CompiledProto(model).ToByteArray();

    /// <summary>The ONNX file (bytes) of a trained model (encoder or decoder).</summary>
    public static byte[] Trained(ModelBundle bundle) => TrainedProto(bundle).ToByteArray();

    internal static ModelProto CompiledProto(CompiledModel model)
    {
        var g = new GraphBuilder(Sanitise(model.ProgramName));
        TransformerGraph.Write(EngineModel.Build(model), g);
        return Wrap(g, InteropMetadata.Compiled(model), $"Glassbox compiled RASP program '{model.ProgramName}'");
    }

    internal static ModelProto TrainedProto(ModelBundle bundle)
    {
        var g = new GraphBuilder(Sanitise(bundle.Task));
        TransformerGraph.Write(bundle.Model, g);
        return Wrap(g, InteropMetadata.Trained(bundle), $"Glassbox model trained on '{bundle.Task}'");
    }

    private static ModelProto Wrap(GraphBuilder g, JsonObject metadata, string doc)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = Producer,
            ProducerVersion = InteropMetadata.GlassboxVersion,
            Domain = "org.glassbox",
            ModelVersion = InteropMetadata.SchemaVersion,
            DocString = doc,
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = metadata.ToJsonString() });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "kind", Value = (string)metadata["kind"]! });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "program", Value = (string)metadata["program"]! });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "glassbox_version", Value = InteropMetadata.GlassboxVersion });
        return model;
    }

    private static string Sanitise(string name) => string.IsNullOrWhiteSpace(name) ? "glassbox" : name;
}
