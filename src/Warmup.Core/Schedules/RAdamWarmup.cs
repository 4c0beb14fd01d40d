using Warmup.Core.Maths;

namespace Warmup.Core.Schedules;

/// <summary>
/// RAdam's fixed warmup (Ma and Yarats, Section 3.1): from the first step t0 with rho_t &gt; 4 on, omega_t = r_t,
/// the rectification term (Eq. 8, computed by <see cref="Rectification"/>, the same code the RAdam optimizer uses);
/// before t0, the factor chosen by <see cref="RAdamEarlySteps"/>. Not time-shifted: pytorch_warmup's RAdamWarmup
/// starts its factor sequence at r_t0 on the first step instead.
/// </summary>
public sealed record RAdamWarmup : WarmupSchedule
{
    /// <summary>Tolerance of <see cref="EffectivePeriod"/>: the bound on the neglected tail of the sum.</summary>
    public const double EffectivePeriodTolerance = 1e-9;

    /// <summary>Creates the schedule.</summary>
    /// <param name="beta2">Adam's beta2, in (0.6, 1): rho_inf = 2/(1 - beta2) - 1 must exceed 4.</param>
    /// <param name="early">The factor before the first rectified step.</param>
    public RAdamWarmup(double beta2, RAdamEarlySteps early = RAdamEarlySteps.Zero)
    {
        Beta2 = CheckBeta2(beta2);
        if (!Enum.IsDefined(early))
        {
            throw new ArgumentException($"Unknown early-step choice {early}.", nameof(early));
        }

        Early = early;
        FirstRectifiedStep = Rectification.FirstStepAbove(Rectification.PaperThreshold, beta2)
            ?? throw new ArgumentException(
                $"The RAdam-shaped warmup needs rho_inf = 2/(1 - beta2) - 1 > 4, i.e. beta2 > 0.6; with beta2 = {beta2}, " +
                $"rho_inf = {Rectification.RhoInfinity(beta2):G6}, so RAdam never rectifies and has no warmup factor to follow.",
                nameof(beta2));
        FirstRectifiedFactor = Rectification.Term(FirstRectifiedStep, beta2);
    }

    /// <summary>Adam's beta2.</summary>
    public double Beta2 { get; }

    /// <summary>The factor before the first rectified step.</summary>
    public RAdamEarlySteps Early { get; }

    /// <summary>t0, the first step with rho_t &gt; 4 (5 for beta2 &gt;= 0.8, Fact 3.1).</summary>
    public long FirstRectifiedStep { get; }

    /// <summary>omega_t0 = r_t0.</summary>
    public double FirstRectifiedFactor { get; }

    /// <inheritdoc />
    public override double Factor(long t)
    {
        CheckStep(t);
        if (t >= FirstRectifiedStep)
        {
            return Rectification.Term(t, Beta2);
        }

        return Early switch
        {
            RAdamEarlySteps.Constant => FirstRectifiedFactor,
            RAdamEarlySteps.Linear => FirstRectifiedFactor * t / FirstRectifiedStep,
            _ => 0.0,
        };
    }

    /// <summary>
    /// No closed form: the sum of (1 - omega_t) in compensated summation, stopped once the rest is below
    /// <see cref="EffectivePeriodTolerance"/>. Past the peak of t beta2^t the terms fall at least geometrically with
    /// ratio beta2 (1 + 1/t) (1 - r_t is a convex function of rho_inf - rho_t = 2 t beta2^t / (1 - beta2^t) there),
    /// so the rest is at most term / (1 - beta2 (1 + 1/t)).
    /// </summary>
    public override double EffectivePeriod()
    {
        double sum = 0;
        double compensation = 0;
        double peak = 1.0 / -Math.Log(Beta2);
        for (long t = 1; ; t++)
        {
            double term = 1.0 - Factor(t);
            double y = term - compensation;
            double next = sum + y;
            compensation = next - sum - y;
            sum = next;
            if (t > FirstRectifiedStep && t > peak)
            {
                double ratio = Beta2 * (1.0 + (1.0 / t));
                if (ratio < 1 && term / (1 - ratio) < EffectivePeriodTolerance)
                {
                    return sum;
                }
            }
        }
    }
}
