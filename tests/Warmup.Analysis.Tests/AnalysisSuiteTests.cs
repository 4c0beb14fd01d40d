using System.Text.Json;

namespace Warmup.Analysis.Tests;

public class AnalysisSuiteTests
{
    [Fact]
    public void QuickRunWritesTheReportFiguresCsvsAndSummary()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-analysis-");
        try
        {
            var sections = AnalysisSuite.Run(new AnalysisOptions(dir.FullName, Quick: true, Seed: 3));
            Assert.Equal(["fact31", "effective_warmup_period", "update_magnitude", "variance", "rectified_variance"], sections.Select(s => s.Key));

            var report = File.ReadAllText(Path.Combine(dir.FullName, "report.md"));
            foreach (var png in new[] { "fact31.png", "effective_period.png", "schedules.png", "update_magnitude.png", "update_magnitude_first.png", "variance.png", "rectified_variance.png" })
            {
                Assert.Contains($"]({png})", report, StringComparison.Ordinal);
                Assert.True(new FileInfo(Path.Combine(dir.FullName, png)).Length > 1000, png);
            }

            foreach (var csv in new[] { "fact31.csv", "effective_period.csv", "schedules.csv", "update_magnitude.csv", "variance.csv", "rectified_variance.csv" })
            {
                Assert.True(File.ReadLines(Path.Combine(dir.FullName, csv)).Count() > 2, csv);
            }

            var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json"))).RootElement;
            Assert.True(summary.GetProperty("fact31").GetProperty("holds").GetBoolean());
            var periods = summary.GetProperty("effective_warmup_period").EnumerateArray().ToList();
            var at999 = periods.Single(p => p.GetProperty("beta2").GetDouble() == 0.999);
            Assert.Equal(999.5, at999.GetProperty("untuned_linear").GetDouble(), 1e-9);
            Assert.True(at999.TryGetProperty("radam", out _) && at999.TryGetProperty("untuned_exponential", out _));
            var medians = summary.GetProperty("update_magnitude").GetProperty("median_at");
            Assert.Equal(1.0, medians.GetProperty("1").GetDouble());
            Assert.InRange(medians.GetProperty("40").GetDouble(), 0.14, 0.18);
            Assert.True(medians.TryGetProperty("1000", out _), "the last iteration of the quick run");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
