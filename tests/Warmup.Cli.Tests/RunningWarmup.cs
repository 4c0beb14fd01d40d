using System.Diagnostics;
using System.Text;

namespace Warmup.Cli.Tests;

/// <summary>
/// A <c>warmup</c> process whose output is read as it comes, so that a test can wait for a line, then send it a
/// signal (with the system's <c>kill</c>, as a scheduler or a shell would) and read how it ended.
/// </summary>
internal sealed class RunningWarmup : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    /// <summary>Starts <c>warmup</c> with <paramref name="args"/>.</summary>
    public RunningWarmup(params string[] args)
    {
        _process = WarmupProcess.StartWithDefaultSignals(args);
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Its stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Its stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="ready"/> holds for stderr; fails the test if the process ends first or it takes minutes.</summary>
    /// <param name="ready">The condition on stderr so far.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public void WaitFor(Func<string, bool> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!ready(Stderr))
        {
            Assert.False(_process.HasExited, $"warmup ended before {what}: exit {(_process.HasExited ? _process.ExitCode : 0)}\n{Stdout}\n{Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no {what} in 3 minutes:\n{Stderr}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Sends the signal <paramref name="name"/> (INT, TERM, KILL) to the process.</summary>
    /// <param name="name">The signal's name without SIG.</param>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to end (failing the test after minutes) and returns its exit code, its output read to the end.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"warmup did not end in 3 minutes:\n{Stderr}");
        }

        _process.WaitForExit(); // the asynchronous readers reach the end of the output
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                to.Append(line).Append('\n');
            }
        }
    }
}
