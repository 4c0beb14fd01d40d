using Warmup.Reports;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;

namespace Warmup.Experiments.Tests.Report;

public sealed class ExperimentReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-report-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void TablesHaveRowsLrByBeta2AndColumnsMethodsWithFindingsAndFigures()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        var methods = new[] { "radam", "adam", "untuned-exp", "untuned-linear" }.Select(MethodSpec.Parse).ToList();
        SweepRunner.Run(new SweepSpec(TrainerTests.Small() with { Steps = 10 }, methods, [1e-3, 1e-2], [0.99], [1, 2]), database, jobs: 2, cancel: TestContext.Current.CancellationToken);
        var md = new MarkdownReport();
        string figures = Path.Combine(_dir.FullName, "figures");

        using (var db = new SweepDatabase(database))
        {
            ExperimentReport.Write(db, md, figures, f => "figures/" + f);
        }

        string path = Path.Combine(_dir.FullName, "report.md");
        md.Save(path);
        var lines = File.ReadAllLines(path);
        Assert.Contains("| lr | beta2 | adam | untuned-linear | untuned-exp | radam |", lines); // the papers' order, not the sweep's
        Assert.Equal(3, lines.Count(l => l.StartsWith("| 0.001 | 0.99 | ", StringComparison.Ordinal) && l.Contains('±', StringComparison.Ordinal))); // the metric, the training loss, the papers' comparisons
        Assert.Contains(lines, l => l.StartsWith("**Findings.**", StringComparison.Ordinal) && l.Contains(" of 2 configurations", StringComparison.Ordinal));
        foreach (var figure in new[] { "fmnist-mlp_metric_vs_lr_beta20.99.png", "fmnist-mlp_curves_lr0.001_beta20.99.png", "fmnist-mlp_curves_lr0.01_beta20.99.png", "fmnist-mlp_diagnostic_update.png", "fmnist-mlp_gradient_histogram_adam.png" })
        {
            Assert.Contains(lines, l => l.Contains("(figures/" + figure + ")", StringComparison.Ordinal));
            var bytes = File.ReadAllBytes(Path.Combine(figures, figure));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }
    }

    [Fact]
    public void ATaskThisBuildDoesNotKnowIsNamed()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        SweepRunner.Run(new SweepSpec(TrainerTests.Small() with { Steps = 2 }, [MethodSpec.Parse("adam")], [1e-3], [0.99], [1]), database, cancel: TestContext.Current.CancellationToken);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE runs SET task = 'future-task'";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        using var db = new SweepDatabase(database);
        var e = Assert.Throws<InvalidDataException>(() => ExperimentReport.Write(db, new MarkdownReport(), Path.Combine(_dir.FullName, "figures"), f => f));
        Assert.StartsWith("The database holds runs of task 'future-task', which this build does not know (fmnist-mlp, ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunsOfDifferentConfigurationsAreNeverAveragedTogether()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        var adam = new[] { MethodSpec.Parse("adam") };
        SweepRunner.Run(new SweepSpec(TrainerTests.Small() with { Steps = 4 }, adam, [1e-3], [0.99], [1]), database, cancel: TestContext.Current.CancellationToken);
        SweepRunner.Run(new SweepSpec(TrainerTests.Small() with { Steps = 6 }, adam, [1e-3], [0.99], [1]), database, cancel: TestContext.Current.CancellationToken);
        var md = new MarkdownReport();

        using (var db = new SweepDatabase(database))
        {
            ExperimentReport.Write(db, md, Path.Combine(_dir.FullName, "figures"), f => f);
        }

        string path = Path.Combine(_dir.FullName, "two.md");
        md.Save(path);
        var text = File.ReadAllText(path);
        Assert.Contains("## Fashion-MNIST MLP (fmnist-mlp-1): test accuracy (%)", text, StringComparison.Ordinal);
        Assert.Contains("## Fashion-MNIST MLP (fmnist-mlp-2): test accuracy (%)", text, StringComparison.Ordinal);
        Assert.Contains("Configuration `task=fmnist-mlp;steps=4;", text, StringComparison.Ordinal);
        Assert.Contains("Configuration `task=fmnist-mlp;steps=6;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyDatabaseSaysSo()
    {
        using var db = new SweepDatabase(Path.Combine(_dir.FullName, "empty.db"));
        var md = new MarkdownReport();
        ExperimentReport.Write(db, md, Path.Combine(_dir.FullName, "figures"), f => f);
        string path = Path.Combine(_dir.FullName, "empty.md");
        md.Save(path);
        Assert.Contains("no finished run yet", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
