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

    [Theory]
    [InlineData("parameters must be at least 1 (got -5)", "update-magnitude", "--parameters", "-5")]
    [InlineData("beta2 must be in [0, 1) (got 1.5)", "update-magnitude", "--beta2", "1.5")]
    [InlineData("'x' is not a number", "rectified-variance", "--means", "0,x")]
    [InlineData("beta2 must exceed 0.6", "rectified-variance", "--beta2", "0.5")]
    [InlineData("--grid must be at least 2 (got 1)", "fact31", "--grid", "1")]
    public void BadArgumentsAreOneLineAndExitCodeTwo(string reason, params string[] args)
    {
        var (code, stdout, stderr) = WarmupProcess.Run(["analyze", .. args, "--out", Path.Combine(Path.GetTempPath(), "warmup-never-written")]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
