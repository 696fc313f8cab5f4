using Google.Protobuf;

namespace Glassbox.Interop.Onnx;

/// <summary>
/// Builds an ONNX graph node by node: float32 initializers (row-major, little-endian raw data), small int64
/// constants and operator nodes with fresh value names. Only the messages compiled from onnx.proto are used.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _next;

    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>A float32 initializer of shape <paramref name="dims"/> holding <paramref name="data"/> (row-major).</summary>
    public string Floats(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"initializer {name}: {data.Length} numbers do not fill shape [{string.Join(", ", dims)}]");
        var bytes = new byte[data.Length * 4];
        for (var i = 0; i < data.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), data[i]);
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>
    /// The transpose Wᵀ of a column-convention matrix W (out × in) as a float32 initializer of shape [in, out], so that a
    /// row-vector stream x (… × in) is mapped by <c>MatMul(x, Wᵀ)</c>. This is TransformerLens's orientation.
    /// </summary>
    public string Transposed(string name, double[,] w)
    {
        int rows = w.GetLength(0), cols = w.GetLength(1);
        var data = new float[rows * cols];
        for (var j = 0; j < cols; j++)
            for (var i = 0; i < rows; i++) data[j * rows + i] = (float)w[i, j];
        return Floats(name, data, cols, rows);
    }

    /// <summary>A float32 scalar constant.</summary>
    public string Scalar(string name, float value) => Floats(name, [value]);

    /// <summary>An int64 initializer (shape <paramref name="dims"/>, or a scalar when none are given).</summary>
    public string Int64s(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.AddRange(values);
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node of operator <paramref name="op"/>; returns the name of its (first) output.</summary>
    public string Node(string op, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        var name = Claim(output ?? $"{op.ToLowerInvariant()}_{_next++}");
        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name;
    }

    /// <summary>Declares a graph input.</summary>
    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => _graph.Input.Add(Value(name, type, dims));

    /// <summary>Declares a graph output (the value must already exist).</summary>
    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) => _graph.Output.Add(Value(name, type, dims));

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private string Claim(string name) => _names.Add(name) ? name : throw new ArgumentException($"ONNX value name '{name}' is used twice");
}
