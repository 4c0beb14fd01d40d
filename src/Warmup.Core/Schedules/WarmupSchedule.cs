namespace Warmup.Core.Schedules;

/// <summary>
/// A warmup schedule: a factor omega_t in [0, 1] for every 1-based step t that dampens the learning rate,
/// alpha_t = alpha * omega_t (Ma and Yarats, Section 2), and its effective warmup period
/// T(omega) = sum over t &gt;= 1 of (1 - omega_t) (Section 4.1). Schedules are immutable values; the factors are
/// closed forms of t, never recursions, so any step can be evaluated directly.
/// </summary>
/// <remarks>
/// Outside code may define its own schedule as a record deriving from this one (a <c>Factor</c> in [0, 1] and its
/// effective period) and give it to an optimizer with the rule <c>Warmup.Core.Updates.Rules.ApplyWarmup</c>; a
/// checkpoint names the schedule by its record's printed value, so a different schedule is refused on load.
/// </remarks>
public abstract record WarmupSchedule
{
    /// <summary>For derived schedules.</summary>
    protected WarmupSchedule()
    {
    }

    /// <summary>No warmup.</summary>
    public static WarmupSchedule None { get; } = new NoWarmup();

    /// <summary>omega_t for a 1-based step t.</summary>
    /// <param name="t">The step, from 1.</param>
    public abstract double Factor(long t);

    /// <summary>The effective warmup period T(omega) = sum over t &gt;= 1 of (1 - omega_t).</summary>
    public abstract double EffectivePeriod();

    /// <summary>Linear warmup over <paramref name="tau"/> steps (real-valued).</summary>
    /// <param name="tau">The warmup period, &gt; 0.</param>
    public static LinearWarmup Linear(double tau) => new(tau);

    /// <summary>Exponential warmup with time constant <paramref name="tau"/>.</summary>
    /// <param name="tau">The time constant, &gt; 0.</param>
    public static ExponentialWarmup Exponential(double tau) => new(tau);

    /// <summary>
    /// The paper's recommendation: linear warmup over tau = 2 / (1 - beta2) steps, real-valued (pytorch_warmup
    /// truncates tau to an integer: 1999 for beta2 = 0.999, where 2 / (1 - 0.999) is 1999.999... in floating point).
    /// </summary>
    /// <param name="beta2">Adam's second-moment decay, in [0, 1).</param>
    public static LinearWarmup UntunedLinear(double beta2) => new(2.0 / (1.0 - CheckBeta2(beta2)));

    /// <summary>Exponential warmup with tau = 1 / (1 - beta2), real-valued (pytorch_warmup truncates it).</summary>
    /// <param name="beta2">Adam's second-moment decay, in [0, 1).</param>
    public static ExponentialWarmup UntunedExponential(double beta2) => new(1.0 / (1.0 - CheckBeta2(beta2)));

    /// <summary>RAdam's fixed warmup: omega_t = r_t from the first rectified step on.</summary>
    /// <param name="beta2">Adam's second-moment decay, in (0.6, 1).</param>
    /// <param name="early">The factor before rectification.</param>
    public static RAdamWarmup RAdam(double beta2, RAdamEarlySteps early = RAdamEarlySteps.Zero) => new(beta2, early);

    /// <summary>The schedule of <paramref name="kind"/>; untuned and RAdam kinds take their constants from <paramref name="beta2"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="tau">The period of Linear and Exponential (required for them, ignored otherwise).</param>
    /// <param name="beta2">Adam's beta2 (required for the untuned and RAdam kinds, ignored otherwise).</param>
    /// <param name="early">RAdam's early-step factor.</param>
    /// <exception cref="ArgumentException">A required constant is missing or out of range.</exception>
    public static WarmupSchedule Create(WarmupKind kind, double? tau = null, double? beta2 = null, RAdamEarlySteps early = RAdamEarlySteps.Zero) => kind switch
    {
        WarmupKind.None => None,
        WarmupKind.Linear => Linear(tau ?? throw Missing("tau", kind)),
        WarmupKind.Exponential => Exponential(tau ?? throw Missing("tau", kind)),
        WarmupKind.UntunedLinear => UntunedLinear(beta2 ?? throw Missing("beta2", kind)),
        WarmupKind.UntunedExponential => UntunedExponential(beta2 ?? throw Missing("beta2", kind)),
        WarmupKind.RAdam => RAdam(beta2 ?? throw Missing("beta2", kind), early),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown warmup kind."),
    };

    /// <summary>Throws unless t is a 1-based step.</summary>
    /// <param name="t">The step.</param>
    protected static void CheckStep(long t)
    {
        if (t < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "Warmup steps are 1-based: t must be at least 1.");
        }
    }

    /// <summary>Returns a valid warmup period, or throws saying why it is not.</summary>
    /// <param name="tau">The period.</param>
    private protected static double CheckTau(double tau) =>
        tau > 0 && double.IsFinite(tau)
            ? tau
            : throw new ArgumentException($"The warmup period tau must be a positive finite number of steps (got {tau}).", nameof(tau));

    /// <summary>Returns a beta2 in [0, 1) (<see cref="Maths.MomentDecay"/>), or throws saying why it is not.</summary>
    /// <param name="beta2">The decay rate.</param>
    private protected static double CheckBeta2(double beta2) =>
        Maths.MomentDecay.IsValid(beta2)
            ? beta2
            : throw new ArgumentException($"beta2 must be in {Maths.MomentDecay.Range} (got {beta2}): the untuned and RAdam warmups are defined by Adam's second-moment decay.", nameof(beta2));

    private static ArgumentException Missing(string what, WarmupKind kind) =>
        new($"The {kind} warmup needs {what}.", what);

    /// <summary>omega_t = 1.</summary>
    private sealed record NoWarmup : WarmupSchedule
    {
        public override double Factor(long t)
        {
            CheckStep(t);
            return 1.0;
        }

        public override double EffectivePeriod() => 0.0;
    }
}
