using System.Buffers.Binary;
using System.IO.Compression;

namespace Warmup.Experiments.Data;

/// <summary>
/// Reads unsigned-byte IDX files (LeCun's MNIST format, used by Fashion-MNIST), plain or gzipped: a 4-byte magic
/// (0, 0, type 0x08, number of dimensions), the dimensions as big-endian int32, then the bytes.
/// </summary>
/// <remarks>Every problem is an <see cref="InvalidDataException"/> naming the file and what is wrong.</remarks>
public static class IdxReader
{
    /// <summary>A decoded IDX array.</summary>
    /// <param name="Dimensions">The dimensions, outermost first.</param>
    /// <param name="Data">The values, row-major.</param>
    public sealed record IdxArray(int[] Dimensions, byte[] Data);

    /// <summary>Reads <paramref name="path"/>, expecting <paramref name="dimensions"/> dimensions.</summary>
    /// <param name="path">The file (.gz is recognised by content, not name).</param>
    /// <param name="dimensions">1 for labels, 3 for images.</param>
    public static IdxArray Read(string path, int dimensions)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
            if (content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b)
            {
                using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                content = plain.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: corrupt gzip data ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: truncated gzip data.", e);
        }

        return Parse(content, dimensions, path);
    }

    /// <summary>Decodes IDX bytes (already decompressed).</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="dimensions">The expected number of dimensions.</param>
    /// <param name="name">The source, for messages.</param>
    public static IdxArray Parse(ReadOnlySpan<byte> content, int dimensions, string name)
    {
        if (content.Length < 4)
        {
            throw new InvalidDataException($"{name}: too short for an IDX header ({content.Length} bytes).");
        }

        if (content[0] != 0 || content[1] != 0)
        {
            throw new InvalidDataException($"{name}: not an IDX file (magic bytes {content[0]:X2} {content[1]:X2} {content[2]:X2} {content[3]:X2}; expected 00 00 08 0{dimensions}).");
        }

        if (content[2] != 0x08)
        {
            throw new InvalidDataException($"{name}: IDX element type 0x{content[2]:X2} is not unsigned byte (0x08).");
        }

        if (content[3] != dimensions)
        {
            throw new InvalidDataException($"{name}: IDX file has {content[3]} dimensions; expected {dimensions}.");
        }

        int header = 4 + (4 * dimensions);
        if (content.Length < header)
        {
            throw new InvalidDataException($"{name}: truncated header ({content.Length} of {header} bytes).");
        }

        var dims = new int[dimensions];
        long expected = 1;
        for (int i = 0; i < dimensions; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(content[(4 + (4 * i))..]);
            if (dims[i] <= 0)
            {
                throw new InvalidDataException($"{name}: dimension {i} is {dims[i]}.");
            }

            expected *= dims[i];
        }

        long actual = content.Length - header;
        if (actual < expected)
        {
            throw new InvalidDataException($"{name}: truncated: the header promises {expected:N0} bytes of data ({string.Join(" x ", dims)}), the file has {actual:N0}.");
        }

        if (actual > expected)
        {
            throw new InvalidDataException($"{name}: {actual - expected:N0} bytes after the {expected:N0} the header promises.");
        }

        return new IdxArray(dims, content[header..].ToArray());
    }
}
