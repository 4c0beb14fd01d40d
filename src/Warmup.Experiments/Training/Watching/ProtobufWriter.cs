using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// The few protocol buffer encodings an event file needs, written by hand (no generated code): varint, 64- and 32-bit
/// fields and length-delimited fields, each preceded by its key (field number &lt;&lt; 3 | wire type), as the protocol
/// buffers' "Encoding" reference describes them.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _bytes = new(64);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _bytes.WrittenSpan;

    /// <summary>An int64 field (a negative value takes ten bytes, as two's complement).</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The value.</param>
    public void Int64(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>A double field.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The value.</param>
    public void Double(int field, double value)
    {
        Key(field, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(_bytes.GetSpan(8), value);
        _bytes.Advance(8);
    }

    /// <summary>A float field.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The value.</param>
    public void Float(int field, float value)
    {
        Key(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_bytes.GetSpan(4), value);
        _bytes.Advance(4);
    }

    /// <summary>A string field, in UTF-8.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The value.</param>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A field holding a nested message.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="message">The message.</param>
    public void Message(int field, ProtobufWriter message) => Bytes(field, message.Written);

    /// <summary>A packed repeated double field.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="values">The values.</param>
    public void PackedDoubles(int field, IReadOnlyList<double> values)
    {
        var packed = new byte[8 * values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(packed.AsSpan(8 * i), values[i]);
        }

        Bytes(field, packed);
    }

    private void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
    }

    private void Key(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte b)
    {
        _bytes.GetSpan(1)[0] = b;
        _bytes.Advance(1);
    }
}
