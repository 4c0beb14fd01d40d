using System.Text.Json;

namespace Warmup.Cli.Tests;

public class ScheduleCommandTests
{
    /// <summary>The acceptance check: tau = 2 / (1 - 0.999), n = floor(tau), T = n - n(n+1)/(2 tau) = 999.5.</summary>
    [Fact]
    public void UntunedLinearAtBeta2PointNineNineNineHasEffectivePeriod999Point5()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("schedule", "--kind", "untuned-linear", "--beta2", "0.999", "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(999.5, root.GetProperty("effective_warmup_period").GetDouble(), 1e-9);
        var factors = root.GetProperty("schedules")[0].GetProperty("factors").EnumerateArray().ToList();
        Assert.Equal(1, factors[0].GetProperty("t").GetInt64());
        Assert.Equal(1 / 2000.0, factors[0].GetProperty("omega").GetDouble(), 1e-12);
    }

    [Fact]
    public void SeveralKindsWriteCsvAndPlot()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-");
        try
        {
            string csv = Path.Combine(dir.FullName, "w.csv"), png = Path.Combine(dir.FullName, "sub", "w.png");
            var (code, stdout, stderr) = WarmupProcess.Run(
                "schedule", "--kind", "untuned-linear,untuned-exponential", "--kind", "radam", "--beta2", "0.99", "--steps", "700", "--csv", csv, "--plot", png, "--json");
            Assert.True(code == 0, stderr);
            var periods = JsonDocument.Parse(stdout).RootElement.GetProperty("effective_warmup_period");
            Assert.Equal(99.5, periods.GetProperty("untuned-linear").GetDouble(), 1e-9);
            Assert.InRange(periods.GetProperty("radam").GetDouble(), 100, 110);

            var lines = File.ReadAllLines(csv);
            Assert.Equal("t,untuned-linear,untuned-exponential,radam", lines[0]);
            Assert.Equal(701, lines.Length);
            Assert.StartsWith("200,1,", lines[200], StringComparison.Ordinal);

            var header = File.ReadAllBytes(png).Take(8).ToArray();
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("tau must be a positive finite number", "--kind", "linear", "--tau", "-5")]
    [InlineData("needs tau", "--kind", "exponential")]
    [InlineData("--beta2 must be in (0, 1)", "--kind", "untuned-linear", "--beta2", "1.2")]
    [InlineData("never rectifies", "--kind", "radam", "--beta2", "0.5")]
    [InlineData("unknown value 'cosine'", "--kind", "cosine")]
    public void BadInputIsOneLineThatSaysWhy(string reason, params string[] args)
    {
        var (code, stdout, stderr) = WarmupProcess.Run(["schedule", .. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }
}
