using System.Diagnostics;

namespace Warmup.Cli.Tests;

/// <summary>Runs the built <c>warmup</c> command as a separate process, as a user would.</summary>
internal static class WarmupProcess
{
    /// <summary>The Fashion-MNIST sample shipped in the repository, as copied next to the program.</summary>
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-sample");

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWith(null, TimeSpan.FromMinutes(5), args);

    /// <summary>Runs warmup with extra environment variables; kills it and fails the test after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWith(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"warmup {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:F0} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts warmup with redirected output and returns at once.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>
    /// <see cref="Start(string[])"/> with SIGINT and SIGTERM at their default actions (coreutils' env execs it, so
    /// its process id is warmup's): a test runner started in the background has SIGINT ignored, which its children
    /// inherit, and the runtime then leaves it ignored.
    /// </summary>
    public static Process StartWithDefaultSignals(params string[] args) => Start(null, args, ["env", "--default-signal=INT,TERM"]);

    private static Process Start(IReadOnlyDictionary<string, string>? environment, string[] args, string[]? launcher = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warmup.dll");
        Assert.True(File.Exists(dll), $"missing {dll}");
        var psi = new ProcessStartInfo(launcher?[0] ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var word in launcher?.Skip(1).Append("dotnet") ?? [])
        {
            psi.ArgumentList.Add(word);
        }

        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        return Process.Start(psi)!;
    }
}
