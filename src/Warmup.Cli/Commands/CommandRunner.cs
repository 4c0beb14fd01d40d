using Warmup.Experiments.Sweeps;

namespace Warmup.Cli.Commands;

/// <summary>
/// Runs a command body: expected failures become a one-line error and exit code 2 (<see cref="ErrorLine"/>); a command
/// that can be stopped gets the one stop mechanism of the command line (<see cref="StopSignals"/>: SIGINT and SIGTERM
/// stop it between steps, it says on one line what was kept and what was discarded, and exits 130 or 143).
/// </summary>
internal static class CommandRunner
{
    /// <summary>Exit code of a run that failed on bad input or data.</summary>
    public const int Failed = 2;

    /// <summary>Runs <paramref name="body"/>; bad arguments, missing or corrupt files (a sweep database included) and interruptions print one line to stderr.</summary>
    /// <param name="body">The command's work; returns its exit code.</param>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsExpected(e))
        {
            Console.Error.WriteLine($"warmup: error: {ErrorLine.Of(e)}");
            return Failed;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a token that the first SIGINT or SIGTERM cancels (<see cref="StopSignals"/>).
    /// When the body then stops (an <see cref="OperationCanceledException"/>), one line on stderr says what was kept
    /// and what was discarded, <c>warmup: stopped by SIGTERM: ...</c>, and the exit code is 128 + the signal's number.
    /// A stopped sweep (<see cref="SweepStoppedException"/>) says it itself; any other stop says <paramref name="stopped"/>.
    /// </summary>
    /// <param name="stopped">What was kept and what was discarded when the command stops, computed when it has stopped.</param>
    /// <param name="body">The command's work, stopping between steps once the token is cancelled; returns its exit code.</param>
    public static int Run(Func<string> stopped, Func<CancellationToken, int> body)
    {
        using var signals = new StopSignals();
        try
        {
            return body(signals.Token);
        }
        catch (OperationCanceledException e) when (signals.Stopped)
        {
            string what = e is SweepStoppedException sweep ? $"{sweep.Message}; run the same command again to resume" : stopped();
            Console.Error.WriteLine($"warmup: stopped by {signals.Name}: {what}");
            return signals.ExitCode;
        }
        catch (Exception e) when (IsExpected(e))
        {
            Console.Error.WriteLine($"warmup: error: {ErrorLine.Of(e)}");
            return Failed;
        }
    }

    private static bool IsExpected(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or OperationCanceledException or System.Data.Common.DbException;
}
