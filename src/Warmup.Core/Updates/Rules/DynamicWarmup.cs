using System.Globalization;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Dynamic warmup, our design of Ma and Yarats' Section 6.3 (a warmup driven by running statistics of the optimizer,
/// from zero to the learning rate given): no period to set and nothing computed from beta2. Per tensor, a factor
/// <c>omega</c> multiplies the learning rate:
/// <list type="number">
/// <item>Step 1 applies <c>omega = 0</c>: m and v take the first gradient and the weights do not move.</item>
/// <item>Then <c>omega</c> starts at <see cref="Start"/> and is multiplied by <see cref="Growth"/> after every step
/// whose gradients agree with the second moment, <c>Tolerance &lt;= RMS(g / sqrt(v_hat)) &lt;= 1 / Tolerance</c>
/// (the RMS reduced in the step's own fused pass, <see cref="UpdateStatistics.GradientRatioRms"/>); after any other
/// step it is held.</item>
/// <item>Once <c>omega</c> reaches 1 it stays 1: the warmup is over for that tensor.</item>
/// </list>
/// Why this gate: the ratio is about 1 while the gradients' scale is the one v has averaged; it falls when the weights
/// move fast enough to shrink the gradients quicker than v can follow (and rises when they grow), which is when a
/// larger step is least safe. So the learning rate climbs only as fast as v keeps up with what the steps do to the
/// gradients: on a problem whose gradients stay steady the ramp takes
/// <c>log(1 / Start) / log(Growth)</c> steps (156 with the defaults), and it waits where they do not. v's own
/// averaging (its beta2) sets how long a wait lasts; no formula of beta2 does.
/// State: <c>omega</c>, 1 number per tensor, saved with the optimizer; the factor of step t + 1 is decided from step t's
/// statistics (one step late, so the pass stays single). Cost: the statistics' reduction in the fused pass (see
/// <c>bench optimizers</c>). Deterministic: the statistics are summed in a fixed order.
/// </summary>
public sealed class DynamicWarmup : IStatefulRule
{
    /// <summary>The default: <c>Start</c> 0.01, <c>Growth</c> 1.03, <c>Tolerance</c> 0.7.</summary>
    public static DynamicWarmup Default { get; } = new();

    /// <summary>Creates the rule.</summary>
    /// <param name="start">The factor after the first step, in (0, 1]; default 0.01.</param>
    /// <param name="growth">The factor's growth per step whose gradients agree with v, &gt; 1; default 1.03.</param>
    /// <param name="tolerance">How far RMS(g / sqrt(v_hat)) may be from 1 for the factor to grow, in [0, 1); default 0.7. 0 opens the gate for every ratio that is a number: a fixed exponential ramp, the control that shows what the gate does.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (nothing is created).</exception>
    public DynamicWarmup(double start = 0.01, double growth = 1.03, double tolerance = 0.7)
    {
        if (!(start > 0 && start <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "The starting factor must be in (0, 1].");
        }

        if (!(growth > 1) || double.IsPositiveInfinity(growth))
        {
            throw new ArgumentOutOfRangeException(nameof(growth), growth, "The growth per step must be a finite number greater than 1.");
        }

        if (!(tolerance >= 0 && tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be in [0, 1).");
        }

        (Start, Growth, Tolerance) = (start, growth, tolerance);
    }

    /// <summary>The factor after the first step.</summary>
    public double Start { get; }

    /// <summary>The factor's growth per step whose gradients agree with v.</summary>
    public double Growth { get; }

    /// <summary>How far RMS(g / sqrt(v_hat)) may be from 1 (below: <c>Tolerance</c>, above: <c>1 / Tolerance</c>) for the factor to grow.</summary>
    public double Tolerance { get; }

    /// <inheritdoc />
    public int StateLength => 1;

    /// <summary>The factor a tensor's state holds (0 before its first step).</summary>
    /// <param name="state">The rule's state of one tensor.</param>
    public static double Factor(ReadOnlySpan<double> state) => state[0];

    /// <inheritdoc />
    public void Initialize(Span<double> state) => state[0] = 0.0;

    /// <summary>
    /// Scales the learning rate by the tensor's factor, and decoupled weight decay with it (<c>1 - lr wd</c> becomes
    /// <c>1 - omega lr wd</c>, as when a fixed warmup comes before <see cref="AddWeightDecay"/>); at 1 the plan is unchanged.
    /// </summary>
    /// <param name="plan">The plan so far.</param>
    /// <param name="context">The step, with this rule's state.</param>
    /// <returns>The plan with the factor applied.</returns>
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context)
    {
        double omega = context.State.Span[0];
        return omega >= 1.0 ? plan : plan with { LearningRate = plan.LearningRate * omega, Decay = 1.0 - (omega * (1.0 - plan.Decay)) };
    }

    /// <inheritdoc />
    public void Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics)
    {
        double omega = state[0];
        if (omega >= 1.0)
        {
            return;
        }

        if (omega == 0.0)
        {
            state[0] = Start;
            return;
        }

        double ratio = statistics.GradientRatioRms;
        if (ratio >= Tolerance && ratio <= 1.0 / Tolerance)
        {
            state[0] = Math.Min(1.0, omega * Growth);
        }
    }

    /// <summary>The rule and its settings, e.g. <c>DynamicWarmup(Start = 0.01, Growth = 1.03, Tolerance = 0.7)</c> (how checkpoints name it).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{nameof(DynamicWarmup)}(Start = {Start:R}, Growth = {Growth:R}, Tolerance = {Tolerance:R})");
}
