using System.Buffers.Binary;
using System.Text;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>The event file's framing and encoding against known vectors, in C# alone.</summary>
public sealed class EventFileWriterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-tfevents-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    // The CRC-32C check value (the CRC catalogue's "check" for CRC-32/ISCSI, also in Wikipedia's "Cyclic redundancy check").
    [InlineData("313233343536373839", 0xE3069283u)]
    // RFC 3720 (iSCSI) appendix B.4: 32 bytes of zeros, 32 bytes of 0xFF.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", 0x8A9136AAu)]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 0x62A8AB43u)]
    [InlineData("", 0u)]
    public void Crc32CMatchesTheStandardVectors(string hex, uint crc) =>
        Assert.Equal(crc, Crc32C.Compute(Convert.FromHexString(hex)));

    [Fact]
    public void TheMaskRotatesRightBy15AndAddsTheDelta()
    {
        // By hand: 0xE3069283 >> 15 = 0x0001C60D, 0xE3069283 << 17 = 0x25060000 (mod 2^32); their or, plus 0xA282EAD8, mod 2^32.
        Assert.Equal(0x2507C60Du, (0xE3069283u >> 15) | (0xE3069283u << 17));
        Assert.Equal(0xC78AB0E5u, Crc32C.Mask(0xE3069283));
        Assert.Equal(0xA282EAD8u, Crc32C.Mask(0));
    }

    [Fact]
    public void VarintsAndFieldKeysAreThoseOfTheProtobufEncodingGuide()
    {
        // "Base 128 Varints": 150 is 96 01; a negative int64 takes ten bytes.
        var w = new ProtobufWriter();
        w.Int64(1, 150);
        Assert.Equal(Convert.FromHexString("089601"), w.Written.ToArray());
        w = new ProtobufWriter();
        w.Int64(2, -1);
        Assert.Equal(Convert.FromHexString("10FFFFFFFFFFFFFFFFFF01"), w.Written.ToArray());
        w = new ProtobufWriter();
        w.String(2, "testing"); // the guide's example: 12 07 74 65 73 74 69 6e 67
        Assert.Equal(Convert.FromHexString("120774657374696E67"), w.Written.ToArray());
        w = new ProtobufWriter();
        w.Float(2, 1f);
        w.Double(1, 1.0);
        Assert.Equal(Convert.FromHexString("150000803F" + "09000000000000F03F"), w.Written.ToArray());
    }

    [Fact]
    public void TheFileStartsWithAFramedFileVersionEvent()
    {
        string path;
        using (var writer = new EventFileWriter(_dir.FullName, new FixedClock()))
        {
            path = writer.Path;
            writer.Scalars(7, [("a", 0.5)]);
        }

        var bytes = File.ReadAllBytes(path);

        // Event { wall_time = 1.5e9 (field 1, double), step = 0 (field 2, varint), file_version = "brain.Event:2" (field 3) }.
        byte[] first = [0x09, .. BitConverter.GetBytes(1.5e9), 0x10, 0x00, 0x1A, 13, .. Encoding.ASCII.GetBytes("brain.Event:2")];
        Assert.Equal((ulong)first.Length, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, 8))), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(first, bytes[12..(12 + first.Length)]);
        Assert.Equal(Crc32C.Mask(Crc32C.Compute(first)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12 + first.Length)));

        // Then Event { wall_time, step = 7, summary (field 5) { value (field 1) { tag "a" (field 1), simple_value 0.5f (field 2) } } }.
        int at = 16 + first.Length;
        byte[] second = [0x09, .. BitConverter.GetBytes(1.5e9), 0x10, 0x07, 0x2A, 10, 0x0A, 8, 0x0A, 1, (byte)'a', 0x15, .. BitConverter.GetBytes(0.5f)];
        Assert.Equal((ulong)second.Length, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)));
        Assert.Equal(second, bytes[(at + 12)..(at + 12 + second.Length)]);
        Assert.Equal(at + 16 + second.Length, bytes.Length);
    }
}
