using System.Text.Json;

namespace Warmup.Cli.Tests;

public class AnalyzeCommandTests
{
    [Fact]
    public void QuickAnalyzeWritesTheReport()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-analyze-");
        try
        {
            var (code, stdout, stderr) = WarmupProcess.Run("analyze", "--quick", "--out", dir.FullName, "--seed", "4");
            Assert.True(code == 0, stderr);
            Assert.Contains("report.md", stdout, StringComparison.Ordinal);
            Assert.Contains("update-magnitude: done", stderr, StringComparison.Ordinal);
            var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json"))).RootElement;
            Assert.True(summary.GetProperty("fact31").GetProperty("holds").GetBoolean());
            Assert.Equal(7, summary.GetProperty("effective_warmup_period").GetArrayLength());
            Assert.Equal(1.0, summary.GetProperty("update_magnitude").GetProperty("median_at").GetProperty("1").GetDouble());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void OneAnalysisRunsAloneWithItsParameters()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-analyze-one-");
        try
        {
            var (code, _, stderr) = WarmupProcess.Run("analyze", "update-magnitude", "--parameters", "300", "--iterations", "50", "--beta2", "0.99", "--out", dir.FullName);
            Assert.True(code == 0, stderr);
            var medians = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json"))).RootElement
                .GetProperty("update_magnitude").GetProperty("median_at");
            Assert.True(medians.TryGetProperty("50", out _));
            Assert.Equal(51, File.ReadLines(Path.Combine(dir.FullName, "update_magnitude.csv")).Count());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryTimePrintedForAnAnalysisIsTheOneInSummaryJson()
    {
        // At 148eae1 the progress lines kept their own clock: "update-magnitude: done in 28.84 s" on stderr beside
        // "update-magnitude: 32.100 s" on stdout and "elapsed_seconds": 32.1 in summary.json.
        var dir = Directory.CreateTempSubdirectory("warmup-analyze-times-");
        try
        {
            var (code, stdout, stderr) = WarmupProcess.Run("analyze", "update-magnitude", "--parameters", "20000", "--iterations", "600", "--out", dir.FullName);
            Assert.True(code == 0, stderr);
            double seconds = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json"))).RootElement
                .GetProperty("update_magnitude").GetProperty("elapsed_seconds").GetDouble();
            var printed = System.Text.RegularExpressions.Regex.Matches(stdout + stderr, @"(\d+)\.(\d+) s\b");
            Assert.NotEmpty(printed);
            foreach (System.Text.RegularExpressions.Match m in printed)
            {
                double value = double.Parse(m.Value[..^2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(value - seconds) <= 0.5 * Math.Pow(10, -m.Groups[2].Length) + 1e-9, $"{m.Value} printed; summary.json says {seconds} s");
            }

            Assert.Contains("update-magnitude: done\n", stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("parameters must be at least 1 (got -5)", "update-magnitude", "--parameters", "-5")]
    [InlineData("beta2 must be in [0, 1) (got 1.5)", "update-magnitude", "--beta2", "1.5")]
    [InlineData("'x' is not a number", "rectified-variance", "--means", "0,x")]
    [InlineData("beta2 must exceed 0.6", "rectified-variance", "--beta2", "0.5")]
    [InlineData("--grid must be at least 2 (got 1)", "fact31", "--grid", "1")]
    [InlineData("update-magnitude with 2,000,000,000 parameters and 10,000 iterations needs about 2.6 TB of memory; the limit is", "update-magnitude", "--parameters", "2000000000")]
    [InlineData("--iterations 2,000,000,000 would write 2,000,000,000 rows to update_magnitude.csv; at most 1,000,000 are allowed.", "update-magnitude", "--iterations", "2000000000")]
    [InlineData("rectified-variance with 100,000,000 trajectories, 1,000,000 iterations and 6 means needs about 3.1 TB of memory", "rectified-variance", "--trajectories", "100000000", "--iterations", "1000000")]
    [InlineData("--iterations 5,000,000 would write 5,000,000 rows to rectified_variance.csv", "rectified-variance", "--iterations", "5000000")]
    [InlineData("--grid 2,000,000,000 would hold 2,000,000,000 values of beta2 (about 32 GB of memory); at most 100,000,000 points are checked.", "fact31", "--grid", "2000000000")]
    [InlineData("--grid 5,000,000 would write 5,000,000 rows to effective_period.csv", "effective-period", "--grid", "5000000")]
    [InlineData("--max-rho 2,000,000,000 would write 1,999,999,996 rows to variance.csv", "variance", "--max-rho", "2000000000")]
    [InlineData("--grid-step 1E-17 up to --max-rho 500 gives 4.96E+19 grid points for Theorem 1; at most 100,000,000", "variance", "--grid-step", "1e-17")]
    public void BadArgumentsAreOneLineAndExitCodeTwo(string reason, params string[] args)
    {
        string output = Path.Combine(Path.GetTempPath(), $"warmup-never-written-{Guid.NewGuid():N}");
        var (code, stdout, stderr) = WarmupProcess.RunWith(null, TimeSpan.FromSeconds(60), ["analyze", .. args, "--out", output]);
        Assert.False(Directory.Exists(output)); // refused before the output folder is made
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileAsOutputFolderIsNamed()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = WarmupProcess.Run("analyze", "fact31", "--grid", "10", "--out", file);
            Assert.Equal(2, code);
            Assert.Equal($"warmup: error: --out {file} is a file, not a folder.", stderr.Trim());
            Assert.Equal(0, new FileInfo(file).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
