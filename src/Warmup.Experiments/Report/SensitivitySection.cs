using System.Globalization;
using Warmup.Core.Statistics;
using Warmup.Experiments.Methods;
using Warmup.Reports;
using static Warmup.Experiments.Report.ReportFormat;

namespace Warmup.Experiments.Report;

/// <summary>
/// Learning-rate sensitivity (Wortsman et al. 2023) of Adam, the papers' warmups, dynamic warmup and its ramp controls over a
/// grid of five learning rates or more, per beta2: the sensitivity with a bootstrap interval, the best learning rate and
/// its perplexity, the largest stable learning rate, a figure with error bars, and the goal for dynamic warmup stated
/// before these runs, judged.
/// </summary>
internal sealed class SensitivitySection : IReportSection
{
    /// <summary>A learning rate is stable for a method when its mean loss is within this fraction of the method's best and no run collapsed.</summary>
    internal const double StableWithin = 0.10;

    private static readonly string[] Shown = ["adam", "untuned-linear", "untuned-exp", "radam", "dynamic", "adam+linear:365", "geometric"];
    private static readonly string[] Untuned = ["untuned-linear", "untuned-exp"];
    private static readonly string[] Baselines = ["adam", "untuned-linear", "untuned-exp"];
    private static readonly string[] Ramps = ["adam+linear:365", "geometric"];

    /// <inheritdoc />
    public void Write(TaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.HigherIsBetter || !report.Metric.Contains("perplexity", StringComparison.Ordinal) || report.Definition.ChanceLoss(report.Runs[0].DataNote) is not { } loss0)
        {
            return;
        }

        var grids = new List<(double Beta2, List<double> Rates, List<string> Methods)>();
        foreach (var beta2 in report.Configurations.Select(c => c.Beta2).Distinct().Order())
        {
            var methods = MethodTable.Present(report, Shown);
            var rates = report.Configurations.Where(c => c.Beta2 == beta2 && methods.All(m => report.Cell.ContainsKey((c.LearningRate, beta2, m)))).Select(c => c.LearningRate).Order().ToList();
            if (rates.Count >= 5)
            {
                grids.Add((beta2, rates, methods));
            }
        }

        if (grids.Count == 0)
        {
            return;
        }

        var md = report.Md;
        md.Heading(3, $"Learning-rate sensitivity ({report.Task})")
            .Paragraph(
                "Wortsman et al. (2023, arXiv 2309.14322) measure how much a method depends on its learning rate: over a grid of rates, the mean of " +
                "min(loss(lr), loss_0) - loss*, with loss the final validation loss (ln of the perplexity), loss_0 = ln K the loss at initialization " +
                string.Create(CultureInfo.InvariantCulture, $"({loss0:F3}: a uniform prediction over the K symbols) and loss* the best over the grid; 0 means every rate is as good as the best. ") +
                "The interval is a 95 % percentile bootstrap over seeds (2,000 resamplings, seed 1). The best learning rate is the one with the lowest mean; " +
                $"a rate is stable when its mean loss is within {StableWithin:P0} of the method's best and none of its runs collapsed.");
        var rows = new List<IReadOnlyList<string>>();
        var results = new Dictionary<(double Beta2, string Method), Result>();
        foreach (var (beta2, rates, methods) in grids)
        {
            foreach (var m in methods)
            {
                var r = Measure(report, beta2, rates, m, loss0);
                results[(beta2, m)] = r;
                rows.Add(
                [
                    Number(beta2), m, string.Create(CultureInfo.InvariantCulture, $"{r.Sensitivity:F3} [{r.Interval.Low:F3}, {r.Interval.High:F3}]"),
                    Number(r.BestRate), report.Cell[(r.BestRate, beta2, m)].Format(2, report.UsualRuns), r.LargestStable is { } s ? Number(s) : "none",
                ]);
            }

            md.Image($"{report.Task}: {report.Metric} against the learning rate at beta2 {Number(beta2)}", report.Link(Figure(report, beta2, rates, methods)));
        }

        md.Table(["beta2", "method", "LR sensitivity [95 %]", "best lr", $"{report.Metric} at the best lr", "largest stable lr"], rows);
        if (grids.Any(g => g.Methods.Contains("dynamic")))
        {
            md.Paragraph(Goal(report, grids, results));
        }
    }

    private static Result Measure(TaskReport report, double beta2, List<double> rates, string method, double loss0)
    {
        var losses = rates.Select(lr => (IReadOnlyList<double>)[.. report.Runs.Where(r => r.Method == method && r.LearningRate == lr && r.Beta2 == beta2)
            .Select(r => r.TestMetric is { } ppl && ppl > 0 ? Math.Log(ppl) : loss0)]).ToList();
        var means = losses.Select(l => l.Average()).ToList();
        double best = means.Min();
        double bestRate = rates[means.IndexOf(best)];
        double? stable = rates.Where((lr, i) => means[i] <= best * (1 + StableWithin) && report.Cell[(lr, beta2, method)].Collapsed == 0).Select(lr => (double?)lr).Max();
        return new Result(LearningRateSensitivity.Of(means, loss0), LearningRateSensitivity.Interval(losses, loss0), bestRate, stable);
    }

    private static string Figure(TaskReport report, double beta2, List<double> rates, List<string> methods)
    {
        string file = FileName($"{report.Task}_sensitivity_beta2{Number(beta2)}.png");
        var series = methods.Select(m => new Series(
            m,
            rates,
            [.. rates.Select(lr => report.Cell[(lr, beta2, m)].Mean)],
            Color: ExperimentMethods.Rank(m),
            Dashed: m is "adam+linear:365" or "geometric",
            Low: [.. rates.Select(lr => report.Cell[(lr, beta2, m)].MeanInterval().Low)],
            High: [.. rates.Select(lr => report.Cell[(lr, beta2, m)].MeanInterval().High)])).ToList();
        LineChart.Save(Path.Combine(report.Figures, file), $"{report.Title}: {report.Metric} vs learning rate, beta2 {Number(beta2)} (95 % intervals)", "learning rate", report.Metric, series, logY: true, logX: true);
        return file;
    }

    // The goal stated before the sensitivity runs: sensitivity within 0.02 of the best untuned warmup's; the best-lr perplexity
    // non-inferior at the margin to the best of adam and the untuned warmups at every beta2; better than a length-matched ramp
    // somewhere (the section on what the gate adds).
    private static string Goal(TaskReport report, List<(double Beta2, List<double> Rates, List<string> Methods)> grids, Dictionary<(double Beta2, string Method), Result> results)
    {
        var parts = new List<string>();
        bool sensitive = true, nonInferior = true;
        var tests = new List<(double Beta2, string Best, WelchComparison Test, double Margin)>();
        foreach (var (beta2, _, methods) in grids.Where(g => g.Methods.Contains("dynamic")))
        {
            var untuned = Untuned.Where(methods.Contains).Select(m => (Method: m, results[(beta2, m)].Sensitivity)).MinBy(x => x.Sensitivity);
            double d = results[(beta2, "dynamic")].Sensitivity;
            sensitive &= d - untuned.Sensitivity <= 0.02;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at beta2 {Number(beta2)} dynamic's sensitivity is {d:F3} against {untuned.Sensitivity:F3} for {untuned.Method} ({(d - untuned.Sensitivity <= 0.02 ? "within" : "beyond")} 0.02)"));
            var best = Baselines.Where(methods.Contains).Select(m => (Method: m, Cell: report.Cell[(results[(beta2, m)].BestRate, beta2, m)])).MinBy(x => x.Cell.Mean);
            var dynamicBest = report.Cell[(results[(beta2, "dynamic")].BestRate, beta2, "dynamic")];
            tests.Add((beta2, best.Method, WelchComparison.Of(dynamicBest.Values, best.Cell.Values), report.Definition.NonInferiorityMargin(best.Cell.Mean)));
        }

        var verdicts = Verdicts.Decide([.. tests.Select(t => t.Test)], [.. tests.Select(t => t.Margin)], higherIsBetter: false);
        for (int i = 0; i < tests.Count; i++)
        {
            nonInferior &= verdicts[i] is Verdict.NonInferior or Verdict.Better;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"its best-lr {report.Metric} at beta2 {Number(tests[i].Beta2)} minus {tests[i].Best}'s is {tests[i].Test.Difference:+0.00;-0.00;+0.00} ({Verdicts.Words(verdicts[i])}, margin {tests[i].Margin:F2})"));
        }

        var ramps = Findings.Judge(report, report.Configurations.SelectMany(c => Ramps.Select(m => (c.LearningRate, c.Beta2, "dynamic", m))));
        bool beatsRamp = ramps.Any(j => j.Verdict == Verdict.Better);
        parts.Add(beatsRamp ? "it is better than a length-matched ramp somewhere" : $"it is better than neither length-matched ramp at any of {ramps.Count} comparisons");
        bool holds = sensitive && nonInferior && beatsRamp;
        return "**The goal for dynamic warmup**, stated before these runs: learning-rate sensitivity within 0.02 of the best untuned warmup's, " +
            "best-learning-rate perplexity non-inferior at 2 % to the best of adam and the untuned warmups at every beta2 (Holm over the beta2s), and " +
            "better than a matched fixed ramp somewhere beyond noise. Here: " + string.Join("; ", parts) + ". " +
            (holds ? "**The goal holds.**" : beatsRamp ? "**The goal does not hold.**" : "**The goal does not hold: on these runs dynamic warmup is a fixed ramp of its length, and the gate is not what makes it work.**");
    }

    private sealed record Result(double Sensitivity, (double Low, double High) Interval, double BestRate, double? LargestStable);
}
