using Microsoft.Data.Sqlite;

namespace Warmup.Cli.Tests;

/// <summary><c>warmup report</c> reads only: a file that is not a sweep database is refused, named, and left as it was.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-report-cli-");

    private string Database => Path.Combine(_dir.FullName, "sweep.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void AForeignSqliteFileIsRefusedAndLeftByteIdentical()
    {
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');";
            command.ExecuteNonQuery();
        }

        var before = Snapshot();
        var (code, stdout, stderr) = WarmupProcess.Run("report", _dir.FullName);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"warmup: error: {Database} is not a sweep database: it has the tables notes but none of runs, curve, diagnostics; it was left unchanged.", line);
        Assert.Equal(before, Snapshot()); // no tables added, no report.md, no figures/, no -wal or -shm
    }

    [Fact]
    public void AGarbageFileIsNamedInPlainWords()
    {
        File.WriteAllBytes(Database, [.. Enumerable.Range(0, 5000).Select(i => (byte)((i * 73) + 5))]);
        var before = Snapshot();

        var (code, _, stderr) = WarmupProcess.Run("report", _dir.FullName);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"warmup: error: {Database} is not a SQLite database", line, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite Error", line, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    private SortedDictionary<string, string> Snapshot() => new(
        _dir.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(_dir.FullName, f.FullName), f => f is FileInfo file ? Convert.ToHexString(File.ReadAllBytes(file.FullName)) : "folder"),
        StringComparer.Ordinal);
}
