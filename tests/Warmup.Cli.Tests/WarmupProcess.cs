using System.Diagnostics;

namespace Warmup.Cli.Tests;

/// <summary>Runs the built <c>warmup</c> command as a separate process, as a user would.</summary>
internal static class WarmupProcess
{
    /// <summary>The Fashion-MNIST sample shipped in the repository, as copied next to the program.</summary>
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-sample");

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "warmup did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts warmup with redirected output and returns at once.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warmup.dll");
        Assert.True(File.Exists(dll), $"missing {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }
}
