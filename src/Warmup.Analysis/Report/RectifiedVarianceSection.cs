using Warmup.Analysis.Analyses;
using Warmup.Core.Maths;
using Warmup.Reports;

namespace Warmup.Analysis.Report;

/// <summary>The simulated verification (Liu et al. Fig. 9) in the report.</summary>
public static class RectifiedVarianceSection
{
    /// <summary>Writes rectified_variance.csv and rectified_variance.png and appends the section.</summary>
    public static Section Write(RectifiedVarianceResult r, string dir, MarkdownReport md)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(md);
        var s = r.Settings;
        var means = s.MeansOrDefault;
        int first = (int)Rectification.FirstStepAbove(Rectification.PaperThreshold, s.Beta2)!.Value;
        CsvTable.Write(
            Path.Combine(dir, "rectified_variance.csv"),
            ["iteration", .. means.Select(m => $"var_psi_mu={m}"), .. means.Select(m => $"var_rpsi_mu={m}")],
            Enumerable.Range(1, s.Iterations).Select(t => (IReadOnlyList<object>)[t, .. r.Variance.Select(v => (object)v[t - 1]), .. r.RectifiedVariance.Select(v => (object)v[t - 1])]));
        double[] x = [.. Enumerable.Range(first, s.Iterations - first + 1).Select(t => (double)t)];
        LineChart.Save(
            Path.Combine(dir, "rectified_variance.png"),
            $"Var[psi_t] (solid) and Var[r_t psi_t] (dashed), {s.Trajectories:N0} trajectories (Liu et al. Fig. 9)",
            "iteration",
            "variance",
            means.SelectMany((m, i) => new[]
            {
                new Series($"psi, mu = {m}", x, r.Variance[i][(first - 1)..], Color: i),
                new Series($"r psi, mu = {m}", x, r.RectifiedVariance[i][(first - 1)..], Color: i, Dashed: true),
            }),
            logY: true);

        var rows = means.Select((m, i) =>
        {
            var plain = r.Variance[i][(first - 1)..];
            var rect = r.RectifiedVariance[i][(first - 1)..];
            return new
            {
                Mean = m,
                VarianceAtFirst = plain[0],
                VarianceAtLast = plain[^1],
                PlainRange = plain.Max() / plain.Min(),
                RectifiedAtFirst = rect[0],
                RectifiedAtLast = rect[^1],
                RectifiedRange = rect.Max() / rect.Min(),
            };
        }).ToList();
        md.Heading(2, "Simulated verification of the rectification")
            .Paragraph(
                $"For each gradient mean mu, {s.Trajectories:N0} trajectories of g ~ N(mu, 1) run {s.Iterations:N0} iterations with beta2 = {s.Beta2}; " +
                "at every iteration we take the variance over trajectories of psi_t = sqrt((1 - beta2^t)/v_t) and of r_t psi_t (equal to " +
                $"r_t^2 Var[psi_t], r_t being the same for all), from t = {first}, the first rectified step. Liu et al. do not list their six " +
                $"values of mu; ours are {string.Join(", ", means)}. Simulated in {r.Elapsed.TotalSeconds:F2} s.")
            .Paragraph(
                "The paper (Section 5.3) finds that the adaptive learning rate has a larger variance in the first stage while the rectified " +
                "one is relatively consistent. The ranges (max / min over iterations) below say how far each moves; for every mu, " +
                (rows.All(q => q.RectifiedRange < q.PlainRange) ? "the rectified variance moves less than the plain one." : "compare the two columns."))
            .Table(
                ["mu", $"Var[psi] at t = {first}", $"at t = {s.Iterations}", "range", $"Var[r psi] at t = {first}", $"at t = {s.Iterations}", "range"],
                rows.Select(q => (IReadOnlyList<string>)[$"{q.Mean}", MarkdownReport.Number(q.VarianceAtFirst), MarkdownReport.Number(q.VarianceAtLast), MarkdownReport.Number(q.PlainRange, 3), MarkdownReport.Number(q.RectifiedAtFirst), MarkdownReport.Number(q.RectifiedAtLast), MarkdownReport.Number(q.RectifiedRange, 3)]))
            .Image("Var[psi_t] and Var[r_t psi_t] over iterations", "rectified_variance.png");
        return new Section(
            "rectified_variance",
            new { s.Trajectories, s.Iterations, s.Beta2, s.Seed, FirstRectifiedStep = first, Means = rows, ElapsedSeconds = r.Elapsed.TotalSeconds },
            r.Elapsed);
    }
}
