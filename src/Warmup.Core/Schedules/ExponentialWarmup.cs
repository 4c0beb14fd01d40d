using Warmup.Core.Maths;

namespace Warmup.Core.Schedules;

/// <summary>Exponential warmup (Ma and Yarats Eq. 12): omega_t = 1 - exp(-t / tau).</summary>
public sealed record ExponentialWarmup : WarmupSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="tau">The time constant in steps, &gt; 0.</param>
    public ExponentialWarmup(double tau) => Tau = CheckTau(tau);

    /// <summary>The time constant.</summary>
    public double Tau { get; }

    /// <inheritdoc />
    public override double Factor(long t)
    {
        CheckStep(t);
        return -Numerics.ExpM1(-t / Tau);
    }

    /// <summary>Closed form: the geometric series sum over t &gt;= 1 of exp(-t/tau) = 1 / (exp(1/tau) - 1).</summary>
    public override double EffectivePeriod() => 1.0 / Numerics.ExpM1(1.0 / Tau);
}
