using System.Diagnostics;

namespace Warmup.Experiments.Training;

/// <summary>
/// Wall time of each phase of each step of one training loop, from <see cref="Stopwatch"/> timestamps that
/// <see cref="Trainer.Run"/> takes between the phases when it is given a timer. Taking them changes nothing the loop
/// computes: the loop runs the same calls in the same order with or without a timer.
/// </summary>
public sealed class LoopTimer
{
    private static readonly int PhaseCount = Enum.GetValues<LoopPhase>().Length;
    private readonly List<long> _ticks = [];
    private readonly long[] _current = new long[PhaseCount];
    private long _last;
    private bool _open;

    /// <summary>The phases, in the order of <see cref="Milliseconds"/>' second index.</summary>
    public static IReadOnlyList<LoopPhase> Phases { get; } = Enum.GetValues<LoopPhase>();

    /// <summary>Steps recorded.</summary>
    public int Steps => _ticks.Count / PhaseCount;

    /// <summary>
    /// Runs after the loop and the final evaluation, before the model and optimizer are disposed: for measurements
    /// that must not change the run's numbers.
    /// </summary>
    public Action<TrainedLoop>? AfterTraining { get; init; }

    /// <summary>Milliseconds spent in <paramref name="phase"/> during step <paramref name="step"/> (0-based).</summary>
    /// <param name="step">The step, 0 .. <see cref="Steps"/> - 1.</param>
    /// <param name="phase">The phase.</param>
    public double Milliseconds(int step, LoopPhase phase)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, Steps);
        return 1000.0 * _ticks[(step * PhaseCount) + (int)phase] / Stopwatch.Frequency;
    }

    /// <summary>Milliseconds of the whole step <paramref name="step"/>: every phase, from its start to the next step's.</summary>
    /// <param name="step">The step, 0 .. <see cref="Steps"/> - 1.</param>
    public double TotalMilliseconds(int step)
    {
        double sum = 0;
        foreach (var phase in Phases)
        {
            sum += Milliseconds(step, phase);
        }

        return sum;
    }

    /// <summary>Ends the open step, if any (the time since its last phase is <see cref="LoopPhase.Other"/>), and opens the next.</summary>
    internal void NextStep()
    {
        Close();
        _open = true;
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>Adds the time since the last mark to <paramref name="phase"/>.</summary>
    internal void Mark(LoopPhase phase)
    {
        long now = Stopwatch.GetTimestamp();
        _current[(int)phase] += now - _last;
        _last = now;
    }

    /// <summary>Ends the open step, if any.</summary>
    internal void Close()
    {
        if (!_open)
        {
            return;
        }

        Mark(LoopPhase.Other);
        _ticks.AddRange(_current);
        Array.Clear(_current);
        _open = false;
    }
}
