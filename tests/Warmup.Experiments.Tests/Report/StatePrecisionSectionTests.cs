using Warmup.Experiments.Methods;
using Warmup.Experiments.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Tests.Training;
using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

/// <summary>
/// The optimizer-state-precision section on hand-set runs: low-bit AdamW against float32 AdamW, with and without
/// warmup, one family; and, where AdamW loses runs, how many each low-bit form loses.
/// </summary>
public sealed class StatePrecisionSectionTests : IDisposable
{
    private static readonly double[] Reference = [85.9, 86, 86.1];

    // (lr, method) -> (test accuracy, final training loss) per seed; a loss of 2.30 is collapsed (within 5 % of ln 10).
    private static readonly Dictionary<(double Lr, string Method), (double Metric, double Loss)[]> Runs = new()
    {
        [(1e-3, "adamw")] = [.. Reference.Select(x => (x, 0.5))],
        [(1e-3, "adamw-bf16")] = [.. Reference.Select(x => (x, 0.5))],
        [(1e-3, "adamw-8bit")] = [(83.9, 0.5), (84, 0.5), (84.1, 0.5)],
        [(3e-2, "adamw")] = [(80, 0.6), (10, 2.30), (10, 2.30)],
        [(3e-2, "adamw-8bit")] = [(10, 2.30), (10, 2.30), (10, 2.30)],
        [(3e-2, "adamw+untuned-linear")] = [.. Reference.Select(x => (x, 0.5))],
        [(3e-2, "adamw-8bit+untuned-linear")] = [(85.8, 0.5), (85.9, 0.5), (86.0, 0.5)],
    };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-precision-");
    private readonly string _text;

    public StatePrecisionSectionTests()
    {
        string database = Path.Combine(_dir.FullName, SweepDatabase.FileName);
        using (var db = new SweepDatabase(database))
        {
            foreach (var ((lr, method), runs) in Runs)
            {
                for (int seed = 1; seed <= runs.Length; seed++)
                {
                    var settings = TrainerTests.Small() with { Method = MethodSpec.Parse(method), LearningRate = lr, Beta2 = 0.99, Seed = seed };
                    db.Add(new TrainResult(settings, runs[seed - 1].Loss, runs[seed - 1].Metric, "test accuracy (%)", false, null, settings.Steps, 1, 1, [new(1, 2.3, lr), new(12, runs[seed - 1].Loss, lr)], [], "hand-set"));
                }
            }
        }

        var md = new MarkdownReport();
        using (var db = new SweepDatabase(database))
        {
            ExperimentReport.Write(db, md, Path.Combine(_dir.FullName, "figures"), f => "figures/" + f);
        }

        _text = md.ToString();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    // The expected differences, intervals and verdicts were computed with SciPy 1.10.1 (Welch's t, t quantiles, one-sided
    // non-inferiority at the 1-point margin) and Holm's adjustment written out in NumPy, over this family of four.
    [Fact]
    public void LowBitStateIsJudgedAgainstFloat32StateInOneFamily()
    {
        Assert.Contains("### Optimizer state precision (fmnist-mlp)", _text, StringComparison.Ordinal);
        Assert.Contains("| lr | beta2 | adamw | adamw+untuned-linear | adamw-bf16 | adamw-8bit | adamw-8bit+untuned-linear | adamw-bf16 - adamw | adamw-8bit - adamw | adamw-8bit+warmup - adamw+warmup |", _text, StringComparison.Ordinal);
        Assert.Contains("| +0.00 [-0.23, +0.23] non-inferior at the margin | -2.00 [-2.23, -1.77] worse | - |", _text, StringComparison.Ordinal);
        Assert.Contains("| - | -23.33 [-123.73, +77.06] inconclusive | -0.10 [-0.33, +0.13] non-inferior at the margin |", _text, StringComparison.Ordinal);
        Assert.Contains("adamw-8bit against adamw: worse in 1, inconclusive in 1 of 2 configurations.", _text, StringComparison.Ordinal);
        Assert.Contains("Where Adam needs warmup (AdamW with float32 state loses runs, or trails AdamW with untuned linear warmup by more than the margin): at lr 0.03 / beta2 0.99: adamw 33.33 (2 of 3 lost), adamw+untuned-linear 86.00, adamw-8bit 10.00 (3 of 3 lost), adamw-8bit+untuned-linear 85.90 (adamw-8bit inconclusive; adamw-8bit+warmup non-inferior at the margin).", _text, StringComparison.Ordinal);
    }
}
