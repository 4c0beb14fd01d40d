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
    public void PipedTablesKeepEveryHeaderAndNumberWhole()
    {
        // The factor table of five kinds is wider than 80 columns as a Spectre box, which cut its headers in a pipe.
        var (code, stdout, stderr) = WarmupProcess.Run("schedule", "--kind", "linear,exponential,untuned-linear,untuned-exponential,radam", "--tau", "10");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.DoesNotContain("…", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("│", stdout, StringComparison.Ordinal);
        Assert.Equal(["kind", "tau", "effective", "warmup", "period"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["t", "linear", "exponential", "untuned-linear", "untuned-exponential", "radam"], lines[7].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["1", "0.100000", "0.095163", "0.000500", "0.001000", "0.000000"], lines[9].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(lines[7].Length, lines[9].Length); // numbers right-aligned under their headers
    }

    [Fact]
    public void SeveralKindsWriteCsvAndPlot()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-");
        try
        {
            string csv = Path.Combine(dir.FullName, "w.csv"), png = Path.Combine(dir.FullName, "w.png");
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
    [InlineData("--beta2 must be in [0, 1)", "--kind", "untuned-linear", "--beta2", "1.2")]
    [InlineData("never rectifies", "--kind", "radam", "--beta2", "0.5")]
    [InlineData("unknown value 'cosine'", "--kind", "cosine")]
    [InlineData("--csv /tmp is a folder; give a file name.", "--kind", "linear", "--tau", "10", "--csv", "/tmp")]
    [InlineData("--plot /tmp/w.gif: charts are written as PNG (.png) or JPEG (.jpg, .jpeg)", "--kind", "linear", "--tau", "10", "--plot", "/tmp/w.gif")]
    public void BadInputIsOneLineThatSaysWhy(string reason, params string[] args)
    {
        var (code, stdout, stderr) = WarmupProcess.Run(["schedule", .. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(
        "beta2 = 0.99999999 gives a warmup period of 199,999,999 steps (2 / (1 - beta2)); the default range, 3 / (1 - beta2) = 299,999,999 steps, would be 299,999,999 CSV rows; at most 1,000,000 rows are written: pass --steps N with N <= 1,000,000",
        "--kind", "untuned-linear", "--beta2", "0.99999999")]
    [InlineData("--steps 2,000,000 with --csv would write 2,000,000 rows; at most 1,000,000 rows are written", "--kind", "untuned-linear", "--steps", "2000000")]
    [InlineData("--tau 1000000000 makes the default range 3 tau = 3,000,000,000 steps", "--kind", "linear", "--tau", "1e9")]
    public void ACsvOverTheRowLimitIsRefusedWithTheFigureAndNothingIsWritten(string reason, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-limit-");
        try
        {
            string csv = Path.Combine(dir.FullName, "w.csv"), png = Path.Combine(dir.FullName, "w.png");
            var (code, stdout, stderr) = WarmupProcess.RunWith(null, TimeSpan.FromSeconds(60), ["schedule", .. args, "--csv", csv, "--plot", png]);

            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains(reason, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>300 million steps plotted under a 256 MB heap limit: the plot draws 2,000 sampled steps, exact at each.</summary>
    [Fact]
    public void APlotOfAHugeRangeIsSampledInBoundedMemory()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-plot-");
        try
        {
            string png = Path.Combine(dir.FullName, "w.png");
            var (code, stdout, stderr) = WarmupProcess.RunWith(
                new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" },
                TimeSpan.FromSeconds(60),
                "schedule", "--kind", "untuned-linear,untuned-exponential", "--beta2", "0.99999999", "--plot", png);

            Assert.True(code == 0, stderr);
            // Spectre wraps the status line at the console width: compare without white space.
            Assert.Contains("2,000of299,999,999stepsdrawn", string.Concat(stdout.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png).Take(4).ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("w.jpg")]
    [InlineData("w.JPEG")]
    public void APlotNamedJpegIsAJpeg(string name)
    {
        // At 148eae1 a .jpg name got PNG bytes.
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-jpeg-");
        try
        {
            string jpeg = Path.Combine(dir.FullName, name);
            var (code, _, stderr) = WarmupProcess.Run("schedule", "--kind", "linear", "--tau", "10", "--plot", jpeg);
            Assert.True(code == 0, stderr);
            var bytes = File.ReadAllBytes(jpeg);
            Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, bytes.Take(3).ToArray());
            Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes.TakeLast(2).ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--plot", "w.png")]
    [InlineData("--csv", "w.csv")]
    public void AnOutputFileInAFolderThatDoesNotExistIsRefusedAndNothingIsCreated(string option, string name)
    {
        // At 148eae1 the missing folders were created silently.
        var dir = Directory.CreateTempSubdirectory("warmup-schedule-nofolder-");
        try
        {
            string missing = Path.Combine(dir.FullName, "no", "such");
            string file = Path.Combine(missing, name);
            var (code, stdout, stderr) = WarmupProcess.Run("schedule", "--kind", "linear", "--tau", "10", option, file);
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Equal(
                $"warmup: error: {option} {file}: the folder {missing} does not exist; create it first (only output folders, --out, are created).",
                Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ErrorsFromTheLibraryCarryNoDotNetParameterSuffix()
    {
        // At 148eae1: "... (got -5). (Parameter 'tau')".
        var (code, _, stderr) = WarmupProcess.Run("schedule", "--kind", "linear", "--tau", "-5");
        Assert.Equal(2, code);
        Assert.Equal("warmup: error: The warmup period tau must be a positive finite number of steps (got -5).", stderr.Trim());
    }
}
