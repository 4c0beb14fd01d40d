using System.Runtime.InteropServices;

namespace Warmup.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (what Slurm and most schedulers send at a time limit) turned into a cancellation: the
/// first one cancels <see cref="Token"/> and keeps the process alive, so the command stops between steps and ends
/// through its normal clean-up (databases closed and their logs folded in, locks released); a second one kills it as
/// the signal's default would. The command then exits with <see cref="ExitCode"/>, 128 + the signal's number, as a
/// shell reports a process killed by it (130, 143), so schedulers and scripts see how it ended.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    /// <summary>Listens for SIGINT and SIGTERM until disposed.</summary>
    public StopSignals()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a signal asked the command to stop.</summary>
    public bool Stopped => Volatile.Read(ref _signal) != 0;

    /// <summary>The signal's name (SIGINT, SIGTERM), or null before one came.</summary>
    public string? Name => Volatile.Read(ref _signal) switch { SigInt => "SIGINT", SigTerm => "SIGTERM", _ => null };

    /// <summary>The exit code of a command stopped by the signal: 128 + its number.</summary>
    public int ExitCode => 128 + Volatile.Read(ref _signal);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        int number = context.Signal == PosixSignal.SIGTERM ? SigTerm : SigInt;
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            return; // the second signal: its default action ends the process
        }

        context.Cancel = true;
        if (!Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"stopping after the current step ({Name} again to kill)...");
        }

        _source.Cancel();
    }
}
