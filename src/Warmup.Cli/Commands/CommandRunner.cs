namespace Warmup.Cli.Commands;

/// <summary>Runs a command body and turns expected failures into a one-line error and exit code 2.</summary>
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
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or OperationCanceledException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine($"warmup: error: {string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}");
            return Failed;
        }
    }

    /// <summary>A token cancelled by the first Ctrl+C (which then does not kill the process).</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!source.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("stopping after the current step (Ctrl+C again to kill)...");
                source.Cancel();
            }
        };
        return source;
    }
}
