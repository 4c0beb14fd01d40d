namespace Warmup.Core.Schedules;

/// <summary>Linear warmup (Ma and Yarats Eq. 5): omega_t = min(1, t / tau), tau real-valued.</summary>
public sealed record LinearWarmup : WarmupSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="tau">The warmup period in steps, &gt; 0, need not be an integer.</param>
    public LinearWarmup(double tau) => Tau = CheckTau(tau);

    /// <summary>The warmup period.</summary>
    public double Tau { get; }

    /// <inheritdoc />
    public override double Factor(long t)
    {
        CheckStep(t);
        return Math.Min(1.0, t / Tau);
    }

    /// <summary>Closed form: with n = floor(tau), T = sum over t = 1..n of (1 - t/tau) = n - n(n + 1) / (2 tau).</summary>
    public override double EffectivePeriod()
    {
        double n = Math.Floor(Tau);
        return n - (n * (n + 1) / (2 * Tau));
    }
}
