namespace Glassbox.Transformers.Tokenization;

/// <summary>
/// Generalised UTF-8 ("WTF-8") for .NET strings: surrogate pairs become 4-byte sequences and lone surrogates are
/// encoded like any other 16-bit code unit, so every string, well-formed or not, survives encode → decode exactly.
/// </summary>
public static class Wtf8
{
    /// <summary>Encodes every UTF-16 code unit of <paramref name="text"/>; pairs are combined into one code point.</summary>
    public static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                cp = char.ConvertToUtf32(text[i], text[++i]);
            if (cp < 0x80) bytes.Add((byte)cp);
            else if (cp < 0x800) { bytes.Add((byte)(0xC0 | (cp >> 6))); bytes.Add((byte)(0x80 | (cp & 0x3F))); }
            else if (cp < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (cp >> 12))); bytes.Add((byte)(0x80 | ((cp >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (cp & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (cp >> 18))); bytes.Add((byte)(0x80 | ((cp >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((cp >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (cp & 0x3F)));
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Decodes bytes written by <see cref="Encode"/>; a malformed byte decodes to U+FFFD.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var sb = new System.Text.StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            int need = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
            if (need < 0 || i + need >= bytes.Length)
            {
                sb.Append('\uFFFD'); i++; continue;
            }
            int cp = need == 0 ? b : b & (0x3F >> need);
            bool ok = true;
            for (int k = 1; k <= need; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80) { ok = false; break; }
                cp = (cp << 6) | (bytes[i + k] & 0x3F);
            }
            if (!ok || cp > 0x10FFFF) { sb.Append('\uFFFD'); i++; continue; }
            if (cp >= 0x10000) sb.Append(char.ConvertFromUtf32(cp));
            else sb.Append((char)cp);
            i += need + 1;
        }
        return sb.ToString();
    }
}
