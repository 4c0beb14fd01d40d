using System.Globalization;
using System.Text.RegularExpressions;
using Warmup.Core.Statistics;
using Warmup.Experiments.Sweeps;
using Warmup.Reports;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Whether a ramp's cost shrinks as runs grow longer: where a task has runs of two lengths that differ in nothing else,
/// each warmup's cost against Adam without warmup (the difference of mean log metrics, a relative difference) at the
/// short and at the long length, and the change between them, a Welch contrast of four cells with Satterthwaite's
/// degrees of freedom, Holm-corrected over the section.
/// </summary>
internal static partial class RunLengthSection
{
    private static readonly string[] Ramps = ["untuned-linear", "untuned-exp", "dynamic"];

    /// <summary>Appends the section for every pair of configurations of a task that differ only in their steps.</summary>
    /// <param name="md">The report.</param>
    /// <param name="runs">Every run of the database.</param>
    public static void Write(MarkdownReport md, IReadOnlyList<StoredRun> runs)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(runs);
        foreach (var byTask in runs.GroupBy(r => r.Task))
        {
            var configurations = byTask.GroupBy(r => Steps().Replace(r.Configuration, "steps=*")).Where(g => g.Select(r => r.Steps).Distinct().Count() >= 2);
            foreach (var group in configurations)
            {
                var lengths = group.Select(r => r.Steps).Distinct().Order().ToList();
                bool higherIsBetter = Training.Tasks.TrainingTasks.All.FirstOrDefault(t => t.Name == byTask.Key)?.HigherIsBetter ?? false;
                WritePair(md, byTask.Key, [.. group.Where(r => r.Steps == lengths[0])], [.. group.Where(r => r.Steps == lengths[^1])], higherIsBetter);
            }
        }
    }

    private static void WritePair(MarkdownReport md, string task, List<StoredRun> shortRuns, List<StoredRun> longRuns, bool higherIsBetter)
    {
        double[] Logs(List<StoredRun> rs, double lr, double beta2, string m) =>
            [.. rs.Where(r => r.LearningRate == lr && r.Beta2 == beta2 && r.Method == m && r.TestMetric is > 0).Select(r => Math.Log(r.TestMetric!.Value))];
        var rows = new List<(double Lr, double Beta2, string Method, double Short, double Long, WelchContrast Change)>();
        foreach (var (lr, beta2) in longRuns.Select(r => (r.LearningRate, r.Beta2)).Distinct().OrderBy(c => c.LearningRate).ThenBy(c => c.Beta2))
        {
            var adamS = Logs(shortRuns, lr, beta2, "adam");
            var adamL = Logs(longRuns, lr, beta2, "adam");
            foreach (var m in Ramps)
            {
                var ms = Logs(shortRuns, lr, beta2, m);
                var ml = Logs(longRuns, lr, beta2, m);
                if (adamS.Length == 0 || adamL.Length == 0 || ms.Length == 0 || ml.Length == 0)
                {
                    continue;
                }

                rows.Add((lr, beta2, m, ms.Average() - adamS.Average(), ml.Average() - adamL.Average(), WelchContrast.Of([(ml, 1.0), (adamL, -1.0), (ms, -1.0), (adamS, 1.0)])));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var adjusted = Holm.Adjust([.. rows.Select(r => r.Change.PValue)]);
        int shortSteps = shortRuns.Max(r => r.Steps), longSteps = longRuns.Max(r => r.Steps);
        string Percent(double logDifference) => string.Create(CultureInfo.InvariantCulture, $"{100 * Core.Maths.Numerics.ExpM1(logDifference):+0.0;-0.0;+0.0} %");
        md.Heading(3, $"A ramp's cost as runs grow longer ({task}: {shortSteps:N0} and {longSteps:N0} steps)")
            .Paragraph(
                $"Each warmup's {shortRuns[0].MetricName} relative to Adam without warmup's (the ratio of their geometric means, minus 1) at {shortSteps:N0} and at " +
                $"{longSteps:N0} steps, with the same seeds and settings otherwise, and the change of the log ratio with its 95 % interval (a Welch contrast of the four " +
                "cells, Satterthwaite's degrees of freedom), Holm-corrected over the table: the ramp's cost shrinks as the run grows longer when the method gains " +
                $"significantly on Adam between the two lengths ({(higherIsBetter ? "a rise" : "a fall")} of the log ratio, as {shortRuns[0].MetricName} is {(higherIsBetter ? "higher" : "lower")} when better).")
            .Table(
                ["lr", "beta2", "method", $"against adam at {shortSteps:N0}", $"at {longSteps:N0}", "change of the log ratio [95 %]", "verdict"],
                rows.Select((r, i) =>
                {
                    var (low, high) = r.Change.Interval();
                    string verdict = !r.Change.IsDefined ? "inconclusive (n < 2)" : adjusted[i] < Verdicts.DefaultAlpha ? ((r.Change.Value > 0) == higherIsBetter ? "shrinks" : "grows") : "no change shown";
                    return (IReadOnlyList<string>)
                    [
                        Number(r.Lr), Number(r.Beta2), r.Method, Percent(r.Short), Percent(r.Long),
                        string.Create(CultureInfo.InvariantCulture, $"{r.Change.Value:+0.000;-0.000;+0.000} [{low:+0.000;-0.000;+0.000}, {high:+0.000;-0.000;+0.000}]"), verdict,
                    ];
                }));
    }

    [GeneratedRegex(@"steps=[0-9]+")]
    private static partial Regex Steps();
}
