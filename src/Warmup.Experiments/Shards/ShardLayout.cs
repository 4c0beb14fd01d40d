using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>
/// A grid cut into shards: every run's key in grid order, the shard it belongs to (<see cref="SweepShard.Of"/>) and the
/// grid's fingerprint. Written once per sweep folder as <c>DIR/shards/grid.json</c>, so that <c>--status</c>,
/// <c>merge</c> and <c>report</c> know the grid without being given it, and a shard of another grid is refused. The
/// file's <c>checksum</c> covers the fingerprint and the shard count, so an edited count is named as an edit (with
/// the count the file was written for) instead of making every shard look foreign.
/// </summary>
public sealed class ShardLayout
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private ShardLayout(IReadOnlyList<RunKey> runs, int count, string fingerprint)
    {
        Runs = runs;
        Count = count;
        Fingerprint = fingerprint;
    }

    /// <summary>Every run of the grid, in grid order.</summary>
    public IReadOnlyList<RunKey> Runs { get; }

    /// <summary>How many shards.</summary>
    public int Count { get; }

    /// <summary>SHA-256 (hex) of the grid's run keys in order: equal for the same grid, whatever the shard count.</summary>
    public string Fingerprint { get; }

    /// <summary>The first 12 hex digits of <see cref="Fingerprint"/>, for messages.</summary>
    public string ShortFingerprint => Fingerprint[..12];

    /// <summary>The layout of <paramref name="spec"/> cut into <paramref name="count"/> shards.</summary>
    /// <param name="spec">The grid.</param>
    /// <param name="count">How many shards: 1 to the number of runs.</param>
    /// <exception cref="ArgumentException">The count is below 1 or above the number of runs (a shard would be empty).</exception>
    public static ShardLayout Of(SweepSpec spec, int count)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runs = spec.Runs().Select(RunKey.Of).ToList();
        if (count < 1 || count > runs.Count)
        {
            throw new ArgumentException($"{count} shards for a grid of {runs.Count} runs: the number of shards must be 1 to {runs.Count} (a shard may not be empty).");
        }

        return new ShardLayout(runs, count, FingerprintOf(runs));
    }

    /// <summary>The runs of shard <paramref name="index"/>, in grid order.</summary>
    /// <param name="index">The shard.</param>
    public IEnumerable<RunKey> RunsOf(int index) => new SweepShard(index, Count).Take(Runs);

    /// <summary>Reads <c>grid.json</c>, or returns null when there is none.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a layout written by this program; the message names it.</exception>
    public static ShardLayout? Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a shard layout written by warmup ({e.Message}).", e);
        }

        if (stored is not { Runs: { Count: > 0 } runs, Fingerprint: { } fingerprint } || stored.Shards < 1 || stored.Shards > runs.Count || fingerprint != FingerprintOf(runs))
        {
            throw new InvalidDataException($"{path} is not a shard layout written by warmup, or it was edited (its runs, shard count and fingerprint disagree).");
        }

        // Files of earlier versions have no checksum: their count is taken as written.
        if (stored.Checksum is { } checksum && checksum != ChecksumOf(fingerprint, stored.Shards))
        {
            int? written = Enumerable.Range(1, runs.Count).Cast<int?>().FirstOrDefault(n => ChecksumOf(fingerprint, n!.Value) == checksum);
            throw new InvalidDataException(
                $"{path} was edited: it says {stored.Shards} shards, " +
                (written is { } n ? $"but it was written for {n}; put back \"shards\": {n}" : "which its checksum does not cover; put back the count it was written with") +
                " (its shard databases are stamped with it).");
        }

        return new ShardLayout(runs, stored.Shards, fingerprint);
    }

    /// <summary>
    /// Writes this layout to <paramref name="path"/> if no layout is there; otherwise checks that the one there is the
    /// same (same grid, same shard count) and throws if not, naming both. The file is written whole (through a
    /// temporary file), so two shards starting together never see half of it.
    /// </summary>
    /// <param name="path">The <c>grid.json</c> of a sweep folder.</param>
    /// <param name="write">False to only check (a dry run): nothing is written.</param>
    /// <exception cref="IOException">The folder holds the layout of another grid or shard count.</exception>
    public void Record(string path, bool write = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Load(path) is not { } existing)
        {
            if (!write)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            string temporary = $"{path}.{Environment.MachineName}.{Guid.NewGuid():N}.tmp"; // shards start together, on many nodes
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(Fingerprint, Count, ChecksumOf(Fingerprint, Count), [.. Runs]), Json));
            try
            {
                File.Move(temporary, path, overwrite: false);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // another shard wrote it first: compare with that one
                existing = Load(path)!;
            }
        }

        if (existing.Fingerprint != Fingerprint)
        {
            throw new IOException(
                $"{Path.GetDirectoryName(path)} holds the shards of another grid (grid {existing.ShortFingerprint}, {existing.Runs.Count} runs, in {path}); " +
                $"this command's grid is {ShortFingerprint} ({Runs.Count} runs). Use another --out folder, or give the same grid as the command that made the shards.");
        }

        if (existing.Count != Count)
        {
            throw new IOException($"The shards in {Path.GetDirectoryName(path)} cut this grid into {existing.Count}, not {Count}: use {existing.Count} (shards with another count would hold other runs).");
        }
    }

    private static string FingerprintOf(IEnumerable<RunKey> runs) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', runs.Select(r => r.Canonical)))));

    // SHA-256 (hex) of the grid's fingerprint and the shard count: what grid.json's checksum holds.
    private static string ChecksumOf(string fingerprint, int shards) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{fingerprint}\nshards={shards}"))));

    private sealed record Stored(string Fingerprint, int Shards, string? Checksum, List<RunKey> Runs);
}
