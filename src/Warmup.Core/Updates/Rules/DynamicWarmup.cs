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
/// State: <c>omega</c> (<see cref="Factor"/>), 1 number per tensor, saved with the optimizer; the factor of step t + 1 is decided from step t's
/// statistics (one step late, so the pass stays single). Cost: the statistics' reduction in the fused pass (see
/// <c>bench optimizers</c>). Deterministic: the statistics are summed in a fixed order.
/// </summary>
public sealed record DynamicWarmup : StatefulRule<DynamicWarmup.Factor>
{
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

    /// <summary>The default: <c>Start</c> 0.01, <c>Growth</c> 1.03, <c>Tolerance</c> 0.7.</summary>
    public static DynamicWarmup Default { get; } = new();

    /// <summary>The factor after the first step.</summary>
    public double Start { get; }

    /// <summary>The factor's growth per step whose gradients agree with v.</summary>
    public double Growth { get; }

    /// <summary>How far RMS(g / sqrt(v_hat)) may be from 1 (below: <c>Tolerance</c>, above: <c>1 / Tolerance</c>) for the factor to grow.</summary>
    public double Tolerance { get; }

    /// <inheritdoc />
    protected override TensorStatistics ObservedStatistics => TensorStatistics.GradientRatioSquared;

    /// <inheritdoc />
    protected override Factor Initial => default;

    /// <summary>
    /// Scales the learning rate by the tensor's factor, and decoupled weight decay with it
    /// (<see cref="AdamCoefficients.ScaleLearningRate"/>); at 1 the plan is unchanged.
    /// </summary>
    /// <param name="plan">The plan so far.</param>
    /// <param name="context">The step.</param>
    /// <param name="state">The tensor's factor.</param>
    /// <returns>The plan with the factor applied.</returns>
    public override AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context, in Factor state) =>
        state.Omega >= 1.0 ? plan : plan.ScaleLearningRate(state.Omega);

    /// <inheritdoc />
    public override Factor Observe(in Factor state, in AdamCoefficients taken, in UpdateStatistics statistics)
    {
        double omega = state.Omega;
        if (omega >= 1.0)
        {
            return state;
        }

        if (omega == 0.0)
        {
            return new(Start);
        }

        double ratio = statistics.GradientRatioRms;
        return ratio >= Tolerance && ratio <= 1.0 / Tolerance ? new(Math.Min(1.0, omega * Growth)) : state;
    }

    /// <summary>The rule and its settings, e.g. <c>DynamicWarmup(Start = 0.01, Growth = 1.03, Tolerance = 0.7)</c> (how checkpoints name it).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{nameof(DynamicWarmup)}(Start = {Start:R}, Growth = {Growth:R}, Tolerance = {Tolerance:R})");

    /// <summary>A tensor's warmup factor: 0 before its first step, then in [Start, 1].</summary>
    /// <param name="Omega">The factor, in [0, 1].</param>
    public readonly record struct Factor(double Omega) : IRuleState<Factor>
    {
        /// <inheritdoc />
        public static int Length => 1;

        /// <inheritdoc />
        public static Factor Read(ReadOnlySpan<double> values) => new(values[0]);

        /// <inheritdoc />
        public static string? Check(ReadOnlySpan<double> values) =>
            values[0] is >= 0 and <= 1 ? null : string.Create(CultureInfo.InvariantCulture, $"the warmup factor is {values[0]}; it is in [0, 1]");

        /// <inheritdoc />
        public void Write(Span<double> values) => values[0] = Omega;
    }
}
