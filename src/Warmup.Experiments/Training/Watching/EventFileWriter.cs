using System.Buffers.Binary;
using System.Globalization;

namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// Writes one TensorBoard event file, <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;n&gt;</c>
/// (TensorBoard reads any file whose name contains "tfevents"). The file is a sequence of TFRecords (uint64 length,
/// masked CRC-32C of the length's 8 bytes, the data, masked CRC-32C of the data; all little-endian: TensorFlow's
/// <c>tensorflow/core/lib/io/record_writer.h</c>), each holding one <c>Event</c> message of
/// <c>tensorflow/core/util/event.proto</c>: wall_time (double, field 1), step (int64, field 2), then either
/// file_version (string, field 3: "brain.Event:2", the first event of a file) or summary (field 5). A
/// <c>Summary</c> (<c>tensorflow/core/framework/summary.proto</c>) repeats value (field 1), a <c>Value</c> holding
/// tag (string, field 1) and simple_value (float, field 2) or histo (<c>HistogramProto</c>, field 5: min 1, max 2,
/// num 3, sum 4, sum_squares 5, packed bucket_limit 6 and bucket 7, all doubles).
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>The file_version of the first event, which tells TensorBoard the format.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>What every event file's name starts with.</summary>
    public const string FilePrefix = "events.out.tfevents.";

    private static int _opened;

    private readonly TimeProvider _clock;
    private readonly FileStream _file;
    private bool _disposed;

    /// <summary>Creates the folder if needed and a new event file in it, and writes the file_version event.</summary>
    /// <param name="folder">The folder (TensorBoard's run).</param>
    /// <param name="clock">The wall clock of the events.</param>
    public EventFileWriter(string folder, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Directory.CreateDirectory(folder);
        var c = CultureInfo.InvariantCulture;
        string name = string.Create(c, $"{FilePrefix}{_clock.GetUtcNow().ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _opened)}");
        Path = System.IO.Path.Combine(folder, name);
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var first = Event(0);
        first.String(3, FileVersion);
        Write(first);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>One event at <paramref name="step"/> whose summary holds each value as a simple_value (a float: the value rounded to single precision).</summary>
    /// <param name="step">The step.</param>
    /// <param name="values">Tags and values.</param>
    public void Scalars(long step, IReadOnlyCollection<(string Tag, double Value)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return;
        }

        var summary = new ProtobufWriter();
        foreach (var (tag, value) in values)
        {
            var v = new ProtobufWriter();
            v.String(1, tag);
            v.Float(2, (float)value);
            summary.Message(1, v);
        }

        WriteSummary(step, summary);
    }

    /// <summary>One event at <paramref name="step"/> whose summary holds a histogram.</summary>
    /// <param name="step">The step.</param>
    /// <param name="tag">The tag.</param>
    /// <param name="histogram">The histogram.</param>
    public void Histogram(long step, string tag, EventHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(histogram);
        var h = new ProtobufWriter();
        h.Double(1, histogram.Min);
        h.Double(2, histogram.Max);
        h.Double(3, histogram.Count);
        h.Double(4, histogram.Sum);
        h.Double(5, histogram.SumSquares);
        h.PackedDoubles(6, histogram.BucketLimits);
        h.PackedDoubles(7, histogram.Buckets);
        var v = new ProtobufWriter();
        v.String(1, tag);
        v.Message(5, h);
        var summary = new ProtobufWriter();
        summary.Message(1, v);
        WriteSummary(step, summary);
    }

    /// <summary>Hands what was written to the operating system (a reader such as TensorBoard sees it; no fsync).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _file.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    private void WriteSummary(long step, ProtobufWriter summary)
    {
        var e = Event(step);
        e.Message(5, summary);
        Write(e);
    }

    private ProtobufWriter Event(long step)
    {
        var e = new ProtobufWriter();
        e.Double(1, _clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        e.Int64(2, step);
        return e;
    }

    // One TFRecord: length, masked CRC of the length, data, masked CRC of the data.
    private void Write(ProtobufWriter message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var data = message.Written;
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        _file.Write(header);
        _file.Write(data);
        _file.Write(footer);
    }
}
