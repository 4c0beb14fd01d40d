using System.Buffers.Binary;
using System.IO.Compression;

namespace Warmup.Experiments.Tests.Data;

/// <summary>Hand-made IDX files, byte by byte as the format describes them.</summary>
internal static class IdxFiles
{
    public static byte[] Bytes(byte[] data, params int[] dims)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    /// <summary>Writes a four-file Fashion-MNIST-shaped folder: n training and m test images of h x w.</summary>
    public static void WriteDataSet(string folder, int n, int m, int h = 28, int w = 28, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        void Write(string name, byte[] plain) =>
            File.WriteAllBytes(Path.Combine(folder, name + (gzip ? ".gz" : string.Empty)), gzip ? Gzip(plain) : plain);

        Write("train-images-idx3-ubyte", Bytes(Pixels(n * h * w), n, h, w));
        Write("train-labels-idx1-ubyte", Bytes(Labels(n), n));
        Write("t10k-images-idx3-ubyte", Bytes(Pixels(m * h * w), m, h, w));
        Write("t10k-labels-idx1-ubyte", Bytes(Labels(m), m));
    }

    private static byte[] Pixels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 37 % 256)).ToArray();

    private static byte[] Labels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
}
