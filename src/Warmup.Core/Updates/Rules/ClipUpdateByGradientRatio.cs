using System.Globalization;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// Update clipping one step late (after StableAdamW, Wortsman et al. 2023, and Adafactor): the learning rate of a tensor
/// is divided by <c>max(1, RMS(g / (sqrt(v_hat) + eps)))</c> as reduced in the fused pass of the tensor's previous step,
/// kept as the rule's state (1 number per tensor, saved with the optimizer), so that the pass stays single. It cannot
/// act on step 1. <see cref="StableUpdateClipping"/> is StableAdamW as published (the current step's RMS, at the cost
/// of a read-only pass). Decoupled weight decay is scaled with the rate.
/// </summary>
public sealed record ClipUpdateByGradientRatio : StatefulRule<ClipUpdateByGradientRatio.Ratio>
{
    private ClipUpdateByGradientRatio()
    {
    }

    /// <summary>The rule.</summary>
    public static ClipUpdateByGradientRatio Instance { get; } = new();

    /// <inheritdoc />
    protected override TensorStatistics ObservedStatistics => TensorStatistics.GradientRatioSquared;

    /// <inheritdoc />
    protected override Ratio Initial => default;

    /// <inheritdoc />
    public override AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context, in Ratio state) =>
        plan.ScaleLearningRate(1.0 / Math.Max(1.0, state.Rms));

    /// <inheritdoc />
    public override Ratio Observe(in Ratio state, in AdamCoefficients taken, in UpdateStatistics statistics) => new(statistics.GradientRatioRms);

    /// <summary>The tensor's RMS of <c>g / (sqrt(v_hat) + eps)</c> at its last step (0 before any).</summary>
    /// <param name="Rms">The RMS, finite and &gt;= 0.</param>
    public readonly record struct Ratio(double Rms) : IRuleState<Ratio>
    {
        /// <inheritdoc />
        public static int Length => 1;

        /// <inheritdoc />
        public static Ratio Read(ReadOnlySpan<double> values) => new(values[0]);

        /// <inheritdoc />
        public static string? Check(ReadOnlySpan<double> values) =>
            values[0] is >= 0 and < double.PositiveInfinity ? null : string.Create(CultureInfo.InvariantCulture, $"the ratio's RMS is {values[0]}; it is finite and >= 0");

        /// <inheritdoc />
        public void Write(Span<double> values) => values[0] = Rms;
    }
}
