using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Warmup.Cli.Tests;

// At 148eae1 `report` wrote report.md and figures only: no table as CSV or JSON (`analyze` wrote them), the terminal got
// only the path, stale figures of an earlier configuration stayed beside the new ones, the command that made the sweep
// was nowhere, and adam against one warmup got no test unless untuned-linear, untuned-exp and radam were all swept.
public sealed class ReportExportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-report-export-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string[] Sweep(string methods) =>
    [
        "sweep", "--task", "fmnist-mlp", "--methods", methods, "--lrs", "1e-3,3e-3", "--beta2s", "0.99", "--seeds", "1,2",
        "--steps", "12", "--batch-size", "32", "--diagnose-every", "0", "--data", WarmupProcess.Sample, "--out", _dir.FullName, "--jobs", "2",
    ];

    [Fact]
    public void EveryTableIsExportedTheMainOnePrintedAndTheSweepsCommandRecorded()
    {
        var (sweepCode, _, sweepErr) = WarmupProcess.Run(Sweep("adam,untuned-exp"));
        Assert.True(sweepCode == 0, sweepErr);

        var (code, stdout, stderr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(code == 0, stderr);

        // The terminal shows the main table: a row per configuration, a column per method.
        Assert.Contains("Fashion-MNIST MLP (fmnist-mlp): test accuracy (%)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*lr\s+beta2\s+adam\s+untuned-exp$", stdout);
        Assert.Matches(@"(?m)^0\.001\s+0\.99\s+\d+\.\d\d ± \d+\.\d\d\s+\d+\.\d\d ± \d+\.\d\d$", stdout);

        // report.md says how the runs were made: the command line, the build, the machine, the data.
        string md = File.ReadAllText(Path.Combine(_dir.FullName, "report.md"));
        Assert.Contains("## How these runs were made", md, StringComparison.Ordinal);
        Assert.Contains("sweep --task fmnist-mlp --methods adam,untuned-exp --lrs 1e-3,3e-3", md, StringComparison.Ordinal);
        Assert.Contains("TorchSharp 0.107.0", md, StringComparison.Ordinal);
        Assert.Contains("Data: fmnist-mlp: ", md, StringComparison.Ordinal);

        // Every Markdown table has its CSV and JSON, with the same header.
        string tables = Path.Combine(_dir.FullName, "tables");
        var main = JsonDocument.Parse(File.ReadAllText(Path.Combine(tables, "fashion-mnist-mlp-fmnist-mlp-test-accuracy-final.json"))).RootElement;
        Assert.Equal(["lr", "beta2", "adam", "untuned-exp"], main.GetProperty("header").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, main.GetProperty("rows").GetArrayLength());
        int markdownTables = md.Split('\n').Count(l => l.StartsWith("|---", StringComparison.Ordinal));
        Assert.Equal(markdownTables, Directory.GetFiles(tables, "*.csv").Length - 2);   // and cells.csv, runs.csv
        Assert.Equal(markdownTables, Directory.GetFiles(tables, "*.json").Length - 2);

        // cells.csv holds the numbers: each cell's mean is the mean of its runs in runs.csv.
        var runs = Csv(Path.Combine(tables, "runs.csv"));
        var cells = Csv(Path.Combine(tables, "cells.csv"));
        Assert.Equal(8, runs.Count);
        Assert.Equal(4, cells.Count);
        foreach (var cell in cells)
        {
            var mine = runs.Where(r => r["method"] == cell["method"] && r["lr"] == cell["lr"] && r["beta2"] == cell["beta2"]).ToList();
            Assert.Equal(2, mine.Count);
            double mean = mine.Average(r => double.Parse(r["test_metric"], CultureInfo.InvariantCulture));
            Assert.Equal(mean, double.Parse(cell["mean"], CultureInfo.InvariantCulture), 10);
            Assert.Equal("2", cell["runs"]);
        }
    }

    [Fact]
    public void AdamAgainstOneWarmupIsTestedWithoutAskingAndAnyPairWhenAsked()
    {
        var (sweepCode, _, sweepErr) = WarmupProcess.Run(Sweep("adam,untuned-exp"));
        Assert.True(sweepCode == 0, sweepErr);

        var (code, _, stderr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(code == 0, stderr);
        string md = File.ReadAllText(Path.Combine(_dir.FullName, "report.md"));
        Assert.Contains("### Pairwise comparisons (fmnist-mlp)", md, StringComparison.Ordinal);
        Assert.Contains("| untuned-exp - adam |", md, StringComparison.Ordinal);
        Assert.Contains("**Findings.** untuned-exp against adam: ", md, StringComparison.Ordinal);

        var (asked, _, askedErr) = WarmupProcess.Run("report", _dir.FullName, "--compare", "adam,untuned-exp");
        Assert.True(asked == 0, askedErr);
        md = File.ReadAllText(Path.Combine(_dir.FullName, "report.md"));
        Assert.Contains("### The comparisons asked for (fmnist-mlp)", md, StringComparison.Ordinal);
        Assert.Contains("| adam - untuned-exp |", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adam,radam", "--compare: 'radam' is not in the sweep, whose methods are adam, untuned-exp.")]
    [InlineData("adam", "--compare takes two different methods, METHOD,REFERENCE (e.g. adam,untuned-linear); got 'adam'.")]
    [InlineData("adam,adam", "--compare takes two different methods")]
    public void APairThatCannotBeComparedIsRefusedBeforeAnythingIsWritten(string pair, string message)
    {
        var (sweepCode, _, sweepErr) = WarmupProcess.Run(Sweep("adam,untuned-exp"));
        Assert.True(sweepCode == 0, sweepErr);

        var (code, stdout, stderr) = WarmupProcess.Run("report", _dir.FullName, "--compare", pair);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(message, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "tables")));
    }

    [Fact]
    public void FiguresOfAConfigurationNoLongerInTheSweepAreRemovedAndNothingElse()
    {
        var (sweepCode, _, sweepErr) = WarmupProcess.Run(Sweep("adam,untuned-linear"));
        Assert.True(sweepCode == 0, sweepErr);
        var (first, _, firstErr) = WarmupProcess.Run("report", _dir.FullName);
        Assert.True(first == 0, firstErr);
        string stale = Path.Combine(_dir.FullName, "figures", "fmnist-mlp_curves_lr0.003_beta20.99.png");
        Assert.True(File.Exists(stale));
        string mine = Path.Combine(_dir.FullName, "figures", "my-own-notes.png");
        File.WriteAllBytes(mine, [1, 2, 3]);

        // The runs at lr 3e-3 leave the sweep (as if the sweep had been made again without them).
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.FullName, "sweep.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM curve WHERE run_id IN (SELECT id FROM runs WHERE lr > 0.002); DELETE FROM runs WHERE lr > 0.002; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var (second, stdout, secondErr) = WarmupProcess.Run("report", _dir.FullName);

        Assert.True(second == 0, secondErr);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "figures", "fmnist-mlp_curves_lr0.001_beta20.99.png")));
        Assert.True(File.Exists(mine));   // not the report's: never touched
        Assert.Contains("Removed ", stdout, StringComparison.Ordinal);
    }

    // A CSV file without quoted commas (the numbers and names of cells.csv and runs.csv) as rows of column -> cell.
    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => Split(l)).Select(cells => header.Select((h, i) => (h, cells[i])).ToDictionary(x => x.h, x => x.Item2))];
    }

    // Splits one CSV line, honouring double quotes.
    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
