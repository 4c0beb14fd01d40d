using System.Text.Json;
using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

public sealed class ReportFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-report-files-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("Fashion-MNIST MLP (fmnist-mlp): test accuracy (%)", "fashion-mnist-mlp-fmnist-mlp-test-accuracy")]
    [InlineData("char LM, post-LN (charlm-2): validation perplexity", "char-lm-post-ln-charlm-2-validation-perplexity")]
    [InlineData("±%:", "table")]
    public void SlugsAreFileNames(string text, string slug) => Assert.Equal(slug, MarkdownReport.Slug(text));

    [Fact]
    public void TablesAreNamedByTheirHeadingsAndNeverTwiceTheSame()
    {
        var md = new MarkdownReport().Heading(1, "Report: /some/path")
            .Heading(2, "charlm: perplexity").Table(["a"], [["1"]], "final").Table(["a"], [["2"]], "train loss").Table(["a"], [["3"]])
            .Heading(3, "Findings").Table(["a"], [["4"]]).Table(["a"], [["5"]])
            .Heading(2, "fmnist: accuracy").Table(["a"], [["6"]], "final").Table(["a"], [["7"]], "final");

        Assert.Equal(
            ["charlm-perplexity-final", "charlm-perplexity-train-loss", "charlm-perplexity-1", "charlm-perplexity-findings-1", "charlm-perplexity-findings-2", "fmnist-accuracy-final", "fmnist-accuracy-final-2"],
            md.Tables.Select(t => t.Name));
        Assert.Equal("charlm: perplexity / Findings", md.Tables[3].Section);
    }

    [Fact]
    public void ExportedTablesKeepEveryCellAsWritten()
    {
        var md = new MarkdownReport().Heading(2, "t").Table(["lr", "adam, tuned"], [["0.001", "6.41 ± 0.12 (n=2, 1 of 2 collapsed)"], ["0.01", "say \"hi\""]]);

        var files = ReportExport.WriteTables(_dir.FullName, md.Tables);

        Assert.Equal(2, files.Count);
        Assert.Equal(
            ["lr,\"adam, tuned\"", "0.001,\"6.41 ± 0.12 (n=2, 1 of 2 collapsed)\"", "0.01,\"say \"\"hi\"\"\""],
            File.ReadAllLines(Path.Combine(_dir.FullName, "t-1.csv")));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "t-1.json"))).RootElement;
        Assert.Equal("6.41 ± 0.12 (n=2, 1 of 2 collapsed)", json.GetProperty("rows")[0][1].GetString());
        Assert.Equal("t", json.GetProperty("section").GetString());
    }

    [Fact]
    public void DataHasNumbersAsNumbersAndNoNumberAsNull()
    {
        ReportExport.WriteData(_dir.FullName, "cells", ["method", "mean", "sd"], [["adam", 1.5, double.NaN], ["radam", 2.0, null]]);

        Assert.Equal(["method,mean,sd", "adam,1.5,NaN", "radam,2,"], File.ReadAllLines(Path.Combine(_dir.FullName, "cells.csv")));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "cells.json"))).RootElement;
        Assert.Equal(1.5, json[0].GetProperty("mean").GetDouble());
        Assert.Equal(JsonValueKind.Null, json[0].GetProperty("sd").ValueKind);
        Assert.Equal(JsonValueKind.Null, json[1].GetProperty("sd").ValueKind);
    }

    [Fact]
    public void TheManifestRemovesOnlyItsOwnStaleFiles()
    {
        string folder = Path.Combine(_dir.FullName, "sweep");
        Directory.CreateDirectory(Path.Combine(folder, "figures"));
        string Write(string relative)
        {
            string path = Path.Combine(folder, relative);
            File.WriteAllText(path, "x");
            return path;
        }

        Write("report.md");
        Write("figures/a.png");
        Write("figures/b.png");
        Assert.Empty(ReportManifest.Replace(folder, ["report.md", "figures/a.png", Path.Combine(folder, "figures", "b.png")]));

        // The next report writes a.png again but not b.png; c.png is the user's; outside.txt lies outside the folder.
        Write("figures/c.png");
        string outside = Path.Combine(_dir.FullName, "outside.txt");
        File.WriteAllText(outside, "mine");
        File.AppendAllLines(Path.Combine(folder, ReportManifest.FileName), ["../outside.txt", outside]);

        var removed = ReportManifest.Replace(folder, ["report.md", "figures/a.png"]);

        Assert.Equal(["figures/b.png"], removed);
        Assert.True(File.Exists(Path.Combine(folder, "figures", "a.png")));
        Assert.True(File.Exists(Path.Combine(folder, "figures", "c.png")));
        Assert.True(File.Exists(outside));
        Assert.Equal(["report.md", "figures/a.png"], File.ReadAllLines(Path.Combine(folder, ReportManifest.FileName)).Where(l => !l.StartsWith('#')).Order(StringComparer.Ordinal).Reverse());
    }
}
