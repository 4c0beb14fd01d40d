using Microsoft.Data.Sqlite;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Tasks;
using Warmup.Reports;
using static TorchSharp.torch;

namespace Warmup.Experiments.Tests.Training;

// At 148eae1 the task registry was closed: no way to put your own model or data in a sweep.
public sealed class ClassifierTaskTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-own-task-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    // Four Gaussian blobs in 2-D, labelled by quadrant: 400 training and 200 test points, a fixed seed.
    private static ClassificationData Blobs()
    {
        var random = new Random(3);
        (Tensor X, Tensor Y) Make(int n)
        {
            var xs = new float[n * 2];
            var ys = new long[n];
            for (int i = 0; i < n; i++)
            {
                ys[i] = i % 4;
                xs[2 * i] = (ys[i] % 2 == 0 ? -1f : 1f) + (0.3f * (float)(random.NextDouble() - 0.5));
                xs[(2 * i) + 1] = (ys[i] / 2 == 0 ? -1f : 1f) + (0.3f * (float)(random.NextDouble() - 0.5));
            }

            return (tensor(xs).reshape(n, 2), tensor(ys));
        }

        var (trainX, trainY) = Make(400);
        var (testX, testY) = Make(200);
        return new ClassificationData(trainX, trainY, testX, testY, 4, "four blobs, 400 training and 200 test points, 4 classes");
    }

    private static readonly ClassifierTask Task = new("test-blobs", Blobs, _ => nn.Sequential(("hidden", nn.Linear(2, 16)), ("relu", nn.ReLU()), ("out", nn.Linear(16, 4))))
    {
        DisplayName = "four blobs",
        BatchSize = 32,
    };

    [Fact]
    public void YourOwnClassifierIsSweptAndReportedLikeTheBuiltInTasks()
    {
        TrainingTasks.Register(Task);
        TrainingTasks.Register(Task);   // the same definition again: nothing changes

        var methods = new[] { "adam", "untuned-linear" }.Select(MethodSpec.Parse).ToList();
        var spec = new SweepSpec(new TrainSettings { Task = "test-blobs", Method = methods[0], Steps = 40, DiagnoseEvery = 20, LogEvery = 5 }, methods, [3e-2], [0.9], [1, 2]);
        string database = Path.Combine(_dir.FullName, "sweep.db");

        Assert.Equal(4, SweepRunner.Run(spec, database, jobs: 2, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(0, SweepRunner.Run(spec, database, jobs: 2, cancel: TestContext.Current.CancellationToken));   // resumed: nothing twice

        using var db = SweepDatabase.OpenReadOnly(database);
        var runs = db.Runs();
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal("test accuracy (%)", r.MetricName));
        Assert.All(runs, r => Assert.InRange(r.TestMetric!.Value, 90, 100));   // separable blobs: every run learns them
        Assert.All(runs, r => Assert.Contains("data=test-blobs", r.Configuration, StringComparison.Ordinal));

        var md = new MarkdownReport();
        var result = ExperimentReport.Write(db, md, Path.Combine(_dir.FullName, "figures"), f => f);
        Assert.Contains("## four blobs (test-blobs): test accuracy (%)", md.ToString(), StringComparison.Ordinal);
        Assert.Equal(["lr", "beta2", "adam", "untuned-linear"], result.MainTables.Single().Table.Header);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir.FullName, "figures"), "test-blobs_curves_*.png"));
    }

    [Fact]
    public void SameSeedSameNumbers()
    {
        TrainingTasks.Register(Task);
        var s = new TrainSettings { Task = "test-blobs", Method = MethodSpec.Parse("untuned-exp"), Steps = 10, DiagnoseEvery = 0 };

        var a = Trainer.Run(s, cancel: TestContext.Current.CancellationToken);
        var b = Trainer.Run(s, cancel: TestContext.Current.CancellationToken);
        var other = Trainer.Run(s with { Seed = 2 }, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(a.Curve, b.Curve);
        Assert.Equal(a.TestMetric, b.TestMetric);
        Assert.NotEqual(a.Curve, other.Curve);
    }

    [Fact]
    public void AnotherTaskWithATakenNameIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainingTasks.Register(new ClassifierTask("charlm", Blobs, _ => nn.Linear(2, 4))));
        Assert.Contains("A task called 'charlm' is registered already", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my task")]
    [InlineData("a;b")]
    public void ANameThatCannotBeAKeyIsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new ClassifierTask(name, Blobs, _ => nn.Linear(2, 4)));

    [Fact]
    public void DataWhoseTensorsDoNotFitIsNamedBeforeAnyRun()
    {
        var bad = new ClassifierTask("test-bad-data", () => new ClassificationData(zeros(10, 2), zeros(9, dtype: ScalarType.Int64), zeros(5, 2), zeros(5, dtype: ScalarType.Int64), 2, "bad"), _ => nn.Linear(2, 2));
        TrainingTasks.Register(bad);

        var e = Assert.Throws<InvalidDataException>(() => Warmup.Experiments.Data.TrainingData.Check([new TrainSettings { Task = "test-bad-data", Method = MethodSpec.Parse("adam") }]));
        Assert.Contains("train 10 inputs, 9 labels", e.Message, StringComparison.Ordinal);
    }
}
