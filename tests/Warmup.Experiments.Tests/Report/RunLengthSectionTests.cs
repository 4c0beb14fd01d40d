using Warmup.Experiments.Methods;
using Warmup.Experiments.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Tests.Training;
using Warmup.Experiments.Training;
using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

/// <summary>
/// A ramp's cost as runs grow longer, on hand-set metrics: untuned-linear at 77 against adam's 81 in 12-step runs
/// (-4.94 %), at 86 against 86 in 24-step runs (+0.00 %). The expected contrast (0.0507, 95 % interval [0.0202, 0.0811],
/// df 6.76, p 0.0058) was computed with NumPy and SciPy 1.10.1 (stats.t) from Satterthwaite's formula, not by the code under test.
/// </summary>
public sealed class RunLengthSectionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-length-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void TheChangeOfARampsCostBetweenTwoRunLengthsIsAContrastOfFourCells()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        using (var db = new SweepDatabase(database))
        {
            foreach (var (steps, method, values) in new (int, string, double[])[]
            {
                (12, "adam", [80, 81, 82]), (12, "untuned-linear", [76, 77, 78]), (24, "adam", [85, 86, 87]), (24, "untuned-linear", [85.5, 86, 86.5]),
            })
            {
                for (int seed = 1; seed <= 3; seed++)
                {
                    var s = TrainerTests.Small() with { Steps = steps, Method = MethodSpec.Parse(method), LearningRate = 1e-3, Beta2 = 0.99, Seed = seed };
                    db.Add(new TrainResult(s, 0.5, values[seed - 1], "test accuracy (%)", false, null, steps, 1, 1, [new(1, 1.0, 1e-3)], [], "hand-set"));
                }
            }
        }

        var md = new MarkdownReport();
        using (var db = new SweepDatabase(database))
        {
            ExperimentReport.Write(db, md, Path.Combine(_dir.FullName, "figures"), f => f);
        }

        string path = Path.Combine(_dir.FullName, "report.md");
        md.Save(path);
        string text = File.ReadAllText(path);
        Assert.Contains("### A ramp's cost as runs grow longer (fmnist-mlp: 12 and 24 steps)", text, StringComparison.Ordinal);
        Assert.Contains("| 0.001 | 0.99 | untuned-linear | -4.9 % | +0.0 % | +0.051 [+0.020, +0.081] | shrinks |", text, StringComparison.Ordinal);
    }
}
