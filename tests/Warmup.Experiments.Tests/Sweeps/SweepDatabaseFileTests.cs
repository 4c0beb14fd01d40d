using Microsoft.Data.Sqlite;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Sweeps;

/// <summary>What a sweep database does with files that are not its own, and that reading changes nothing.</summary>
public sealed class SweepDatabaseFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-sweepdb-");

    private string Database => Path.Combine(_dir.FullName, SweepDatabase.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void AForeignSqliteFileIsRefusedByReadersAndWritersAndLeftByteIdentical()
    {
        Foreign(Database);
        var before = Snapshot();

        var read = Assert.Throws<InvalidDataException>(() => SweepDatabase.OpenReadOnly(Database));
        var write = Assert.Throws<InvalidDataException>(() => new SweepDatabase(Database));

        foreach (var e in new[] { read, write })
        {
            Assert.Contains(Database, e.Message, StringComparison.Ordinal);
            Assert.Contains("is not a sweep database", e.Message, StringComparison.Ordinal);
            Assert.Contains("none of runs, curve, diagnostics", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot()); // same files, same bytes: no table added, no -wal, -shm or -journal
    }

    [Fact]
    public void ASweepIntoAFolderWithAForeignFileCreatesNothingBesideIt()
    {
        Foreign(Database);
        var before = Snapshot();
        var spec = new SweepSpec(TrainerTests.Small() with { Steps = 6 }, [MethodSpec.Parse("adam")], [1e-3], [0.99], [1]);

        var e = Assert.Throws<InvalidDataException>(() => SweepRunner.Run(spec, Database, cancel: TestContext.Current.CancellationToken));

        Assert.StartsWith($"{Database} is not a sweep database", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot()); // not even the lock file
    }

    [Fact]
    public void AGarbageFileIsNamedAndDescribedInPlainWords()
    {
        File.WriteAllBytes(Database, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 37) + 11))]);
        var before = Snapshot();

        foreach (var e in new[] { Assert.Throws<InvalidDataException>(() => SweepDatabase.OpenReadOnly(Database)), Assert.Throws<InvalidDataException>(() => new SweepDatabase(Database)) })
        {
            Assert.StartsWith($"{Database} is not a SQLite database", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite Error", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SweepSchema.Create.Replace("data_note TEXT NOT NULL, ", string.Empty, StringComparison.Ordinal);
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<InvalidDataException>(() => SweepDatabase.OpenReadOnly(Database));
        Assert.Equal($"{Database} is not a sweep database of version 2: table runs lacks column(s) data_note; it was left unchanged.", e.Message);
    }

    [Fact]
    public void AnEmptyFileIsInitialisedByAWriterButRefusedByAReader()
    {
        File.WriteAllBytes(Database, []);
        Assert.Equal($"{Database} is not a sweep database: it has no tables (expected runs, curve, diagnostics, diagnostic_names, diagnostic_values).", Assert.Throws<InvalidDataException>(() => SweepDatabase.OpenReadOnly(Database)).Message);
        Assert.Empty(File.ReadAllBytes(Database));

        using var db = new SweepDatabase(Database);
        Assert.Empty(db.Runs());
    }

    [Fact]
    public void ReadingASweepDatabaseCreatesAndChangesNothing()
    {
        var result = TrainerTests.Train(TrainerTests.Small() with { Steps = 2 });
        using (var db = new SweepDatabase(Database))
        {
            db.Add(result);
        }

        using (SweepLock.Acquire(_dir.FullName))
        {
            // the lock file a sweep leaves behind
        }

        SqliteConnection.ClearAllPools();
        var before = Snapshot();
        using (var db = SweepDatabase.OpenReadOnly(Database))
        {
            var run = Assert.Single(db.Runs());
            Assert.Equal(result.Curve, db.Curve(run.Id));
            Assert.NotNull(db.FinishedBetween());

            // A reader holds the folder's lock shared: no sweep can start under it.
            Assert.Contains("is in use by another warmup process", Assert.Throws<IOException>(() => SweepLock.Acquire(_dir.FullName)).Message, StringComparison.Ordinal);
            Assert.Throws<IOException>(() => db.Add(result)); // read-only: the attempt is refused, naming the file
        }

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void AReaderDuringASweepReadsThroughItsLog()
    {
        var result = TrainerTests.Train(TrainerTests.Small() with { Steps = 2 });
        using var guard = SweepLock.Acquire(_dir.FullName);
        using var writer = new SweepDatabase(Database);
        writer.Add(result);

        using var reader = SweepDatabase.OpenReadOnly(Database);
        Assert.Single(reader.Runs());
        writer.Add(result with { Settings = result.Settings with { Seed = 2 } });
        Assert.Equal(2, reader.Runs().Count); // the writer's committed runs are seen: not read as immutable
    }

    [Fact]
    public void AFolderOrAMissingFileIsNamed()
    {
        string missing = Path.Combine(_dir.FullName, "none", SweepDatabase.FileName);
        Assert.Equal($"No sweep database at {missing}.", Assert.Throws<FileNotFoundException>(() => SweepDatabase.OpenReadOnly(missing)).Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        Directory.CreateDirectory(Database);
        Assert.Contains($"{Database} is a folder", Assert.Throws<InvalidDataException>(() => SweepDatabase.OpenReadOnly(Database)).Message, StringComparison.Ordinal);
        Assert.Contains($"{Database} is a folder", Assert.Throws<IOException>(() => new SweepDatabase(Database)).Message, StringComparison.Ordinal);
    }

    internal static void Foreign(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');";
        command.ExecuteNonQuery();
    }

    // Every file in the folder with its bytes.
    private SortedDictionary<string, string> Snapshot() => new(
        _dir.EnumerateFiles("*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(_dir.FullName, f.FullName), f => Convert.ToHexString(File.ReadAllBytes(f.FullName))),
        StringComparer.Ordinal);
}
