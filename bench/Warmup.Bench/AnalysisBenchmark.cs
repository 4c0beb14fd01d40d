using System.Diagnostics;
using System.Text.Json;
using Warmup.Analysis.Analyses;

namespace Warmup.Bench;

/// <summary>
/// The update-magnitude simulation (Ma and Yarats Fig. 2, 25,000 parameters x 10,000 iterations by default) by
/// Warmup.Analysis, on all threads and on one, against a straightforward NumPy version (numpy/update_magnitude.py,
/// run with the system's python3; Debian: apt-get install python3-numpy).
/// </summary>
public static class AnalysisBenchmark
{
    /// <summary>Runs ours <paramref name="runs"/> times and NumPy once.</summary>
    /// <param name="parameters">Simulated parameters.</param>
    /// <param name="iterations">Iterations.</param>
    /// <param name="runs">Runs of ours on all threads.</param>
    /// <param name="python">The Python interpreter (default: /usr/bin/python3, else python3 on the PATH).</param>
    /// <param name="progress">Receives a line before each measurement.</param>
    public static AnalysisBenchmarkReport Run(int parameters = 25_000, int iterations = 10_000, int runs = 3, string? python = null, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var settings = new UpdateMagnitudeSettings(parameters, iterations);
        settings.Validate();
        var ours = new List<double>();
        UpdateMagnitudeResult? last = null;
        for (int r = 0; r < runs; r++)
        {
            progress?.Report($"Warmup.Analysis, run {r + 1} of {runs}");
            last = UpdateMagnitudeSimulation.Run(settings);
            ours.Add(last.Elapsed.TotalSeconds);
        }

        progress?.Report("Warmup.Analysis on one thread");
        double oneThread = UpdateMagnitudeSimulation.Run(settings with { Threads = 1 }).Elapsed.TotalSeconds;

        progress?.Report("NumPy (numpy/update_magnitude.py)");
        var (numpySeconds, numpyMedian, note) = RunNumPy(python, parameters, iterations);
        return new AnalysisBenchmarkReport(parameters, iterations, Environment.ProcessorCount, ours, oneThread, last!.MedianAt(Math.Min(40, iterations)), numpySeconds, numpyMedian, note);
    }

    private static (double? Seconds, double? MedianAt40, string Note) RunNumPy(string? python, int parameters, int iterations)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "numpy", "update_magnitude.py");
        if (!File.Exists(script))
        {
            return (null, null, $"script not found at {script}");
        }

        python ??= File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, $"{parameters}", $"{iterations}" })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string first = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
                return (null, null, $"{python} failed ({first.Trim()}); on Debian: apt-get install python3-numpy");
            }

            using var json = JsonDocument.Parse(stdout.Result);
            var root = json.RootElement;
            double median = root.GetProperty("median_at").TryGetProperty($"{Math.Min(40, iterations)}", out var m) ? m.GetDouble() : double.NaN;
            return (root.GetProperty("seconds").GetDouble(), median, $"NumPy {root.GetProperty("numpy").GetString()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, null, $"cannot run {python}: {e.Message}");
        }
    }
}
