using Microsoft.Data.Sqlite;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Sweeps;

public sealed class SweepTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-sweep-");

    private string Database => Path.Combine(_dir.FullName, SweepDatabase.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void TheGridIsMethodsTimesLearningRatesTimesBeta2TimesSeeds()
    {
        var spec = Spec(["adam", "radam", "sgd"], [1e-3, 1e-2], [0.99, 0.999], [1, 2]);
        var runs = spec.Runs().ToList();

        Assert.Equal(24, runs.Count);
        Assert.Equal(24, runs.Select(r => (r.Method.Name, r.LearningRate, r.Beta2, r.Seed)).Distinct().Count());
        Assert.Equal(["adam", "radam", "sgd"], runs.Take(3).Select(r => r.Method.Name)); // whole configurations first
        Assert.All(runs, r => Assert.Equal((TrainerTests.Small() with { Steps = 6 }).Configuration, r.Configuration));
    }

    [Fact]
    public void ValuesGivenTwiceAreOneRun()
    {
        var spec = Spec(["adam-eps", "adam-eps:1e-4", "adam"], [1e-3, 0.001], [0.99], [1, 1]);
        Assert.Equal(["adam-eps", "adam"], spec.Runs().Select(r => r.Method.Name));
    }

    [Fact]
    public void AnEmptyGridOrABadRunIsRejectedBeforeTraining()
    {
        Assert.Equal("The sweep needs at least one method, learning rate, beta2 and seed.", Assert.Throws<ArgumentException>(() => SweepRunner.Run(Spec(["adam"], [], [0.99], [1]), Database, cancel: TestContext.Current.CancellationToken)).Message);
        Assert.Equal("--lr must be a positive number (got 0).", Assert.Throws<ArgumentException>(() => SweepRunner.Run(Spec(["adam"], [1e-3, 0], [0.99], [1]), Database, cancel: TestContext.Current.CancellationToken)).Message);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public void ReRunningSkipsFinishedRunsAndStoresEverythingOnce()
    {
        var progress = new List<SweepProgress>();
        int first = SweepRunner.Run(Spec(["adam", "untuned-linear"], [1e-3], [0.99], [1]), Database, progress: new Collect(progress), cancel: TestContext.Current.CancellationToken);
        Assert.Equal(2, first);
        Assert.All(progress, p => Assert.NotNull(p.Result));

        progress.Clear();
        int second = SweepRunner.Run(Spec(["adam", "untuned-linear"], [1e-3], [0.99], [1, 2]), Database, jobs: 2, progress: new Collect(progress), cancel: TestContext.Current.CancellationToken);
        Assert.Equal(2, second);
        Assert.Equal(4, progress.Count);
        Assert.Equal(2, progress.Count(p => p.Result is null)); // the two seed-1 runs were already there
        Assert.Equal([1, 2, 3, 4], progress.Select(p => p.Done).Order());

        using var db = new SweepDatabase(Database);
        Assert.Equal("ok", db.IntegrityCheck());
        var runs = db.Runs();
        Assert.Equal(4, runs.Count);
        Assert.Equal(4, runs.Select(r => (r.Method, r.Seed)).Distinct().Count());
    }

    [Fact]
    public void ARunReadsBackAsItWasTrained()
    {
        var settings = TrainerTests.Small("untuned-exp");
        var result = TrainerTests.Train(settings);
        using var db = new SweepDatabase(Database);
        Assert.False(db.Contains(settings));

        db.Add(result);

        Assert.True(db.Contains(settings));
        Assert.False(db.Contains(settings with { Seed = 2 }));
        Assert.False(db.Contains(settings with { Steps = 13 })); // another configuration
        var stored = Assert.Single(db.Runs());
        Assert.Equal(("fmnist-mlp", "untuned-exp", settings.LearningRate, settings.Beta2, 1), (stored.Task, stored.Method, stored.LearningRate, stored.Beta2, stored.Seed));
        Assert.Equal(result.FinalTrainLoss, stored.FinalTrainLoss);
        Assert.Equal(result.TestMetric, stored.TestMetric);
        Assert.Equal(result.Curve, db.Curve(stored.Id));
        var diagnostics = db.Diagnostics(stored.Id);
        Assert.Equal(result.Diagnostics.Count, diagnostics.Count);
        for (int i = 0; i < diagnostics.Count; i++)
        {
            Assert.Equal(result.Diagnostics[i], diagnostics[i]); // step, loss, rate and every named value
        }

        // The same run again is refused by the uniqueness of (task, method, lr, beta2, seed, configuration), with the file
        // named, and leaves nothing half-written; TryAdd says so without throwing.
        var duplicate = Assert.Throws<InvalidOperationException>(() => db.Add(result));
        Assert.Contains(Database, duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("is already stored", duplicate.Message, StringComparison.Ordinal);
        Assert.False(db.TryAdd(result));
        Assert.Single(db.Runs());
        Assert.Equal(result.Curve.Count, db.Curve(stored.Id).Count);
    }

    [Fact]
    public void NaNIsStoredAsNullAndInfinityAsItself()
    {
        var result = TrainerTests.Train(TrainerTests.Small() with { Steps = 2 });
        var odd = result with
        {
            Diagnostics = [result.Diagnostics[0] with
            {
                Values = new Dictionary<string, double>(result.Diagnostics[0].Values) { ["gradient_cv"] = double.PositiveInfinity, ["median_update"] = double.NaN },
            }],
        };
        using var db = new SweepDatabase(Database);

        db.Add(odd);

        var stored = Assert.Single(db.Diagnostics(Assert.Single(db.Runs()).Id));
        Assert.Equal(double.PositiveInfinity, stored["gradient_cv"]);
        Assert.Null(stored["median_update"]);
        Assert.Equal(result.Diagnostics[0]["moment_correlation"], stored["moment_correlation"]);
    }

    [Fact]
    public void ADivergedRunIsStoredAsDiverged()
    {
        var spec = new SweepSpec(TrainerTests.Small() with { Steps = 20 }, [MethodSpec.Parse("sgd")], [1e30], [0.99], [1]);
        SweepRunner.Run(spec, Database, cancel: TestContext.Current.CancellationToken);

        using var db = new SweepDatabase(Database);
        var run = Assert.Single(db.Runs());
        Assert.True(run.Diverged);
        Assert.Null(run.TestMetric);
        Assert.NotNull(run.DivergedAt);
    }

    private static SweepSpec Spec(string[] methods, double[] lrs, double[] beta2s, int[] seeds) =>
        new(TrainerTests.Small() with { Steps = 6 }, methods.Select(MethodSpec.Parse).ToList(), lrs, beta2s, seeds);

    private sealed class Collect(List<SweepProgress> into) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
