using System.Diagnostics;
using System.Text.Json;

namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>
/// Reads an event file with read_tfevents.py under Debian's Python and its python3-protobuf package (which .ci/run
/// installs): TFRecord framing and CRCs checked, the Event message decoded by protobuf, none of Warmup's code involved.
/// Without them the tests that read back are skipped, or fail under WARMUP_REQUIRE_PROTOBUF=1 (as CI sets it).
/// </summary>
internal static class EventFileReadBack
{
    /// <summary>Debian's interpreter, where apt's python3-protobuf installs (a python3 earlier on the PATH may lack it).</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing";
        }

        var start = new ProcessStartInfo(Python, ["-c", "import google.protobuf"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(start)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"{Python} cannot import google.protobuf";
    });

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Training", "Watching", "read_tfevents.py");

    /// <summary>Skips the test when the reader cannot run, or fails it under WARMUP_REQUIRE_PROTOBUF=1.</summary>
    public static void Require()
    {
        if (Missing.Value is not { } why)
        {
            return;
        }

        string message = $"{why}: `apt-get install python3-protobuf` reads the event files back (.ci/run installs it).";
        if (Environment.GetEnvironmentVariable("WARMUP_REQUIRE_PROTOBUF") == "1")
        {
            Assert.Fail($"WARMUP_REQUIRE_PROTOBUF=1 but {message}");
        }

        Assert.Skip(message);
    }

    /// <summary>Every event of the file; fails the test when the reader finds a bad CRC or record.</summary>
    public static IReadOnlyList<ReadBackEvent> Read(string file)
    {
        var (code, stdout, stderr) = Run(file);
        Assert.True(code == 0, $"read_tfevents.py {file} exited {code}: {stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    /// <summary>Runs the reader: exit code, stdout, stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string file)
    {
        Require();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(file);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    private static ReadBackEvent Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        var values = e.GetProperty("values").EnumerateArray().Select(v =>
        {
            string tag = v.GetProperty("tag").GetString()!;
            if (v.TryGetProperty("histo", out var h))
            {
                double[] Doubles(string name) => [.. h.GetProperty(name).EnumerateArray().Select(x => x.GetDouble())];
                return new ReadBackValue(tag, null, new ReadBackHistogram(
                    h.GetProperty("min").GetDouble(), h.GetProperty("max").GetDouble(), h.GetProperty("num").GetDouble(),
                    h.GetProperty("sum").GetDouble(), h.GetProperty("sum_squares").GetDouble(), Doubles("bucket_limit"), Doubles("bucket")));
            }

            return new ReadBackValue(tag, (float)v.GetProperty("simple_value").GetDouble(), null);
        }).ToList();
        return new ReadBackEvent(
            e.GetProperty("wall_time").GetDouble(),
            e.GetProperty("step").GetInt64(),
            e.TryGetProperty("file_version", out var version) ? version.GetString() : null,
            values);
    }
}
