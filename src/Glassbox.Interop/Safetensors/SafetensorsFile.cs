using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glassbox.Interop.Safetensors;

/// <summary>A named float32 tensor (row-major) as stored in a safetensors file.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Data">Its numbers, row-major.</param>
public sealed record NamedTensor(string Name, long[] Shape, float[] Data);

/// <summary>The contents of a safetensors file: its tensors (in file order) and its string metadata.</summary>
public sealed record SafetensorsContent(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public NamedTensor? this[string name] => Tensors.FirstOrDefault(t => t.Name == name);
}

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name
/// to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (plus an optional <c>__metadata__</c> object of
/// strings), then the data buffer. Writing is atomic. Reading checks the header length (within the file and at most
/// <see cref="MaxHeaderBytes"/>), every dtype, shape and offset (in range, matching the shape, contiguous, without
/// overlap or gap, covering the buffer exactly) before it touches or allocates any tensor data.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>The largest header read (100 MB, as the reference implementation allows).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Dictionary<string, int> DtypeBytes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1, ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4, ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>The file bytes for <paramref name="tensors"/> (all F32) and <paramref name="metadata"/>.</summary>
    public static byte[] ToBytes(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject();
        if (metadata.Count > 0) header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        long offset = 0;
        foreach (var t in tensors)
        {
            if (t.Name == "__metadata__" || header.ContainsKey(t.Name)) throw new ArgumentException($"tensor name '{t.Name}' is reserved or used twice");
            if (t.Shape.Aggregate(1L, (a, b) => a * b) != t.Data.Length) throw new ArgumentException($"tensor '{t.Name}' has {t.Data.Length} numbers for shape [{string.Join(", ", t.Shape)}]");
            var end = offset + 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, end),
            };
            offset = end;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;   // the data buffer starts 8-byte aligned; the header is padded with spaces
        var bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        var at = 8 + padded;
        foreach (var t in tensors)
            foreach (var x in t.Data) { BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), x); at += 4; }
        return bytes;
    }

    /// <summary>Reads and validates a safetensors file (F32 and F64 tensors; F64 is narrowed to float32).</summary>
    public static SafetensorsContent Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"safetensors file '{path}' does not exist");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads and validates safetensors content from a seekable stream; <paramref name="source"/> names it in errors.</summary>
    public static SafetensorsContent Read(Stream stream, string source)
    {
        string Bad(string why) => $"'{source}' is not a valid safetensors file: {why}";
        var fileLength = stream.Length;
        if (fileLength < 8) throw new UserError(Bad($"it has {fileLength} bytes, fewer than the 8-byte header length"));
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8)) throw new UserError(Bad($"its header claims {headerLength} bytes but only {fileLength - 8} follow"));
        if (headerLength > MaxHeaderBytes) throw new UserError(Bad($"its header claims {headerLength} bytes, more than the {MaxHeaderBytes} allowed"));
        if (headerLength < 2) throw new UserError(Bad("its header is empty"));
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataLength = fileLength - 8 - (long)headerLength;

        JsonObject header;
        try { header = JsonNode.Parse(StrictUtf8.GetString(headerBytes)) as JsonObject ?? throw new UserError(Bad("its header is not a JSON object")); }
        catch (Exception e) when (e is JsonException or ArgumentException or DecoderFallbackException) { throw new UserError(Bad($"its header is not valid UTF-8 JSON ({e.Message})"), e); }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, string Dtype, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject meta) throw new UserError(Bad("__metadata__ is not an object"));
                foreach (var (k, v) in meta)
                    metadata[k] = v is JsonValue s && s.TryGetValue<string>(out var text) ? text : throw new UserError(Bad($"metadata '{k}' is not a string"));
                continue;
            }
            entries.Add(Entry(name, node, dataLength, Bad));
        }
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
                throw new UserError(Bad(e.Begin < expected ? $"tensor '{e.Name}' overlaps the one before it" : $"a gap of {e.Begin - expected} bytes lies before tensor '{e.Name}'"));
            expected = e.End;
        }
        if (expected != dataLength) throw new UserError(Bad($"the tensors cover {expected} bytes of a {dataLength}-byte data buffer"));

        var dataStart = 8 + (long)headerLength;
        var tensors = new List<NamedTensor>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Dtype is not ("F32" or "F64")) throw new UserError(Bad($"tensor '{e.Name}' has dtype {e.Dtype}; Glassbox reads F32 and F64"));
            var size = DtypeBytes[e.Dtype];
            var raw = new byte[e.End - e.Begin];
            stream.Position = dataStart + e.Begin;
            stream.ReadExactly(raw);
            var data = new float[raw.Length / size];
            for (var i = 0; i < data.Length; i++)
                data[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i)) : (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(8 * i));
            tensors.Add(new NamedTensor(e.Name, e.Shape, data));
        }
        return new SafetensorsContent(tensors, metadata);
    }

    private static (string, string, long[], long, long) Entry(string name, JsonNode? node, long dataLength, Func<string, string> bad)
    {
        if (node is not JsonObject o) throw new UserError(bad($"the entry of tensor '{name}' is not an object"));
        var dtype = o["dtype"] is JsonValue dv && dv.TryGetValue<string>(out var d) ? d : throw new UserError(bad($"tensor '{name}' has no dtype"));
        if (!DtypeBytes.TryGetValue(dtype, out var size)) throw new UserError(bad($"tensor '{name}' has unknown dtype '{dtype}'"));
        var shape = Longs(o["shape"], $"the shape of tensor '{name}'", bad);
        if (shape.Any(x => x < 0)) throw new UserError(bad($"tensor '{name}' has a negative dimension"));
        var offsets = Longs(o["data_offsets"], $"the data_offsets of tensor '{name}'", bad);
        if (offsets.Length != 2) throw new UserError(bad($"the data_offsets of tensor '{name}' are not [begin, end]"));
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin < 0 || end < begin || end > dataLength)
            throw new UserError(bad($"tensor '{name}' spans bytes {begin}..{end}, outside the {dataLength}-byte data buffer"));
        long count = 1;
        foreach (var x in shape)
            if (x != 0 && count > long.MaxValue / size / x) throw new UserError(bad($"the shape of tensor '{name}' is too large"));
            else count *= x;
        if (count * size != end - begin)
            throw new UserError(bad($"tensor '{name}' has shape [{string.Join(", ", shape)}] of {dtype} ({count * size} bytes) but spans {end - begin} bytes"));
        return (name, dtype, shape, begin, end);
    }

    private static long[] Longs(JsonNode? node, string what, Func<string, string> bad)
    {
        if (node is not JsonArray a) throw new UserError(bad($"{what} is not a list"));
        var result = new long[a.Count];
        for (var i = 0; i < a.Count; i++)
            result[i] = a[i] is JsonValue v && v.TryGetValue<long>(out var x) ? x : throw new UserError(bad($"{what} holds a non-integer"));
        return result;
    }
}
