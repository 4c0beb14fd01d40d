using Warmup.Experiments.Data;

namespace Warmup.Experiments.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-idx-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsPlainAndGzippedFiles(bool gzip)
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var plain = IdxFiles.Bytes(data, 2, 3, 2);
        var path = Write("images", gzip ? IdxFiles.Gzip(plain) : plain);

        var idx = IdxReader.Read(path, 3);

        Assert.Equal([2, 3, 2], idx.Dimensions);
        Assert.Equal(data, idx.Data);
    }

    [Fact]
    public void DimensionsAreBigEndian()
    {
        var idx = IdxReader.Parse(IdxFiles.Bytes(new byte[258], 258), 1, "labels");
        Assert.Equal(258, idx.Dimensions[0]); // bytes 00 00 01 02
    }

    [Fact]
    public void TruncatedDataIsNamedWithWhatIsMissing()
    {
        var plain = IdxFiles.Bytes(new byte[24], 2, 3, 4);
        var path = Write("cut", plain[..^5]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 3));

        Assert.StartsWith(path + ": truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("promises 24 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 19", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedGzipIsNamed()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Bytes(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray(), 5000));
        var path = Write("cut.gz", gz[..(gz.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 1));

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptGzipIsNamed()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Bytes(new byte[100], 100));
        for (int i = 10; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }

        var path = Write("corrupt.gz", gz);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 1));
        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongMagicSaysItIsNotAnIdxFile()
    {
        var path = Write("text", "hello, world: not IDX"u8.ToArray());

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 3));

        Assert.Equal($"{path}: not an IDX file (magic bytes 68 65 6C 6C; expected 00 00 08 03).", e.Message);
    }

    [Fact]
    public void WrongElementTypeAndDimensionCountAreNamed()
    {
        var floats = IdxFiles.Bytes(new byte[4], 4);
        floats[2] = 0x0D;
        Assert.Equal("f: IDX element type 0x0D is not unsigned byte (0x08).", Assert.Throws<InvalidDataException>(() => IdxReader.Parse(floats, 1, "f")).Message);

        var labels = IdxFiles.Bytes(new byte[4], 4);
        Assert.Equal("l: IDX file has 1 dimensions; expected 3.", Assert.Throws<InvalidDataException>(() => IdxReader.Parse(labels, 3, "l")).Message);
    }

    [Theory]
    [InlineData(0, "x: too short for an IDX header (0 bytes).")]
    [InlineData(3, "x: too short for an IDX header (3 bytes).")]
    [InlineData(9, "x: truncated header (9 of 16 bytes).")]
    public void ShortHeadersAreNamed(int length, string message)
    {
        var bytes = IdxFiles.Bytes([], 1, 1, 1)[..length];
        Assert.Equal(message, Assert.Throws<InvalidDataException>(() => IdxReader.Parse(bytes, 3, "x")).Message);
    }

    [Fact]
    public void TrailingBytesAndNonPositiveDimensionsAreRejected()
    {
        var extra = IdxFiles.Bytes(new byte[5], 3);
        Assert.Equal("x: 2 bytes after the 3 the header promises.", Assert.Throws<InvalidDataException>(() => IdxReader.Parse(extra, 1, "x")).Message);

        var zero = IdxFiles.Bytes([], 0);
        Assert.Equal("x: dimension 0 is 0.", Assert.Throws<InvalidDataException>(() => IdxReader.Parse(zero, 1, "x")).Message);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
