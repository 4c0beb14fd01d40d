using Microsoft.Data.Sqlite;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Sweeps;

public sealed class SweepLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-sweeplock-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void ASecondWriterIsRefusedAtOnceAndTheLockIsFreeAgainAfterwards()
    {
        string folder = Path.Combine(_dir.FullName, "sweep");
        using (var first = SweepLock.Acquire(folder))
        {
            Assert.Equal(Path.Combine(folder, SweepLock.FileName), first.Path);
            var e = Assert.Throws<IOException>(() => SweepLock.Acquire(folder));
            Assert.StartsWith($"{folder} is in use by another warmup process", e.Message, StringComparison.Ordinal);
            Assert.Contains(first.Path, e.Message, StringComparison.Ordinal);
        }

        using var again = SweepLock.Acquire(folder);
    }

    [Fact]
    public void ASweepIntoALockedFolderIsRefusedBeforeItTrainsOrOpensTheDatabase()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        var spec = new SweepSpec(TrainerTests.Small() with { Steps = 6 }, [MethodSpec.Parse("adam")], [1e-3], [0.99], [1]);
        var progress = new List<SweepProgress>();
        using (SweepLock.Acquire(_dir.FullName))
        {
            var e = Assert.Throws<IOException>(() => SweepRunner.Run(spec, database, progress: new Progress<SweepProgress>(progress.Add), cancel: TestContext.Current.CancellationToken));
            Assert.Contains("is in use by another warmup process", e.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(database));
        Assert.Empty(progress);
        Assert.Equal(1, SweepRunner.Run(spec, database, cancel: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void AFileWhereTheFolderShouldBeIsNamed()
    {
        string file = Path.Combine(_dir.FullName, "out");
        File.WriteAllText(file, "mine");
        Assert.Equal($"{file} is a file, not a folder.", Assert.Throws<IOException>(() => SweepLock.Acquire(file)).Message);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void BadDataIsRefusedBeforeTheFolderIsCreated()
    {
        string folder = Path.Combine(_dir.FullName, "never");
        var spec = new SweepSpec(TrainerTests.Small() with { DataFolder = Path.Combine(_dir.FullName, "no-data") }, [MethodSpec.Parse("adam")], [1e-3], [0.99], [1]);
        Assert.Throws<DirectoryNotFoundException>(() => SweepRunner.Run(spec, Path.Combine(folder, SweepDatabase.FileName), cancel: TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(folder));
    }
}
