using System.Globalization;
using Warmup.Core.Schedules;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Methods;

/// <summary>
/// The fixed ramp of a method's learning rate (<see cref="MethodDefinition.Ramp"/>): the factor the rate is multiplied
/// by at each 1-based step, nondecreasing towards 1. Its length, as the warning of a run shorter than its warmup states
/// it, is the step from which the factor is at least <see cref="Reached"/> (95 %): 0.95 tau for a linear ramp, about
/// 3 tau (tau ln 20) for an exponential one.
/// </summary>
/// <param name="Factor">The factor at step t (from 1), in [0, 1], nondecreasing.</param>
public sealed record WarmupRamp(Func<long, double> Factor)
{
    /// <summary>The share of the full learning rate at which a ramp counts as done: 95 %.</summary>
    public const double Reached = 0.95;

    /// <summary>A ramp that follows a warmup schedule.</summary>
    /// <param name="schedule">The schedule.</param>
    public static WarmupRamp Of(WarmupSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new WarmupRamp(schedule.Factor);
    }

    /// <summary>The first step from which the factor is at least <see cref="Reached"/>, or null when that is beyond 2^53 steps.</summary>
    public long? Length()
    {
        const long Limit = 1L << 53;
        if (Factor(1) >= Reached)
        {
            return 1;
        }

        long below = 1, above = 2; // Factor(below) < Reached
        while (Factor(above) < Reached)
        {
            if (above >= Limit)
            {
                return null;
            }

            below = above;
            above = Math.Min(Limit, above * 2);
        }

        while (above - below > 1)
        {
            long middle = below + ((above - below) / 2);
            (below, above) = Factor(middle) < Reached ? (middle, above) : (below, middle);
        }

        return above;
    }

    /// <summary>
    /// One line warning that some of <paramref name="runs"/> end before their method's warmup reaches
    /// <see cref="Reached"/> of the learning rate, naming each such method (with its beta2), the step where its ramp
    /// reaches it and the share of the rate at the run's last step; null when none does.
    /// </summary>
    /// <param name="runs">The runs (a sweep's, or one).</param>
    /// <param name="steps">The steps of each run, without the steps a method adds before them (Adam-2k's).</param>
    public static string? Warning(IEnumerable<TrainSettings> runs, int steps)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var c = CultureInfo.InvariantCulture;
        long end = Math.Max(1, steps);
        var late = new List<string>();
        foreach (var (method, beta2) in runs.Select(r => (r.Method, r.Beta2)).DistinctBy(x => (x.Method.Name, x.Beta2)))
        {
            if (RampOf(method, beta2) is { } ramp && ramp.Factor(end) < Reached)
            {
                string at = ramp.Length() is long length ? string.Create(c, $"at step {length:N0}") : "only beyond 2^53 steps";
                late.Add(string.Create(c, $"{method.Name} (beta2 {beta2}) reaches {Reached:P0} of its learning rate {at}, and {ramp.Factor(end):P0} by the end"));
            }
        }

        return late.Count == 0
            ? null
            : string.Create(c, $"warning: a warmup longer than the run ({steps:N0} steps): {string.Join("; ", late)}. Training goes on.");
    }

    // A run whose beta2 the method refuses has no ramp to warn about: the run itself says why it cannot train.
    private static WarmupRamp? RampOf(MethodSpec method, double beta2)
    {
        try
        {
            return method.Ramp(beta2);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
