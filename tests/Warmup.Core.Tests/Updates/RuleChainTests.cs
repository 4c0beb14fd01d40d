using Warmup.Core.Kernels;
using Warmup.Core.Maths;
using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Core.Tests.Updates;

public class RuleChainTests
{
    private static readonly AdaptiveHyperparameters H = new(0.01, 0.9, 0.999, 1e-8, 0.1, true, false);

    [Fact]
    public void WarmupScalesTheRateThatDecoupledDecayThenUses()
    {
        IStepRule[] rules = [ScaleByAdam.Instance, new ApplyWarmup(WarmupSchedule.Linear(10)), MaximizeObjective.Instance, AddWeightDecay.Instance];
        var c = RuleChain.Plan(rules, new StepContext(3, H));
        Assert.Equal(0.01 * 0.3, c.LearningRate, 1e-18);
        Assert.Equal(1 - (0.01 * 0.3 * 0.1), c.Decay, 1e-15);
        Assert.Equal(0.01 * 0.3 / (1 - Math.Pow(0.9, 3)), c.StepSize, 1e-18);
    }

    [Fact]
    public void GiAdamTakesVFromTheFirstGradientAndDropsItsBiasCorrection()
    {
        IStepRule[] rules = [.. UpdateRule.AdamRules, InitializeSecondMomentFromGradient.Uncorrected];
        var first = RuleChain.Plan(rules, new StepContext(1, H with { EpsBeforeBiasCorrection = true }));
        var later = RuleChain.Plan(rules, new StepContext(7, H));
        Assert.Equal((0.0, 1.0, 1e-8), (first.Beta2, first.SqrtBiasCorrection2, first.Eps));
        Assert.Equal((0.999, 1.0), (later.Beta2, later.SqrtBiasCorrection2));
        Assert.Equal(0.01 / (1 - Math.Pow(0.9, 7)), later.StepSize, 1e-18);

        // On a constant gradient c, v stays c^2 and the step moves by lr c / (|c| + eps) from step 1 (m-hat = c).
        float[] p = [0f], g = [2f], m = [0f], v = [0f];
        for (int t = 1; t <= 3; t++)
        {
            AdamKernel.Step(p, g, m, v, [], RuleChain.Plan(rules, new StepContext(t, H with { WeightDecay = 0 })));
            Assert.Equal(4f, v[0]);
            Assert.Equal(-0.01 * t, p[0], 1e-6);
        }
    }

    [Fact]
    public void UpdateClipDividesByTheObservedRatioFromTheNextStepOn()
    {
        IStepRule[] rules = [.. UpdateRule.AdamRules, ClipUpdateByGradientRatio.Instance];
        Assert.Equal(1, RuleChain.StateLength(rules));
        var state = new double[1];
        RuleChain.Initialize(rules, state);
        var first = RuleChain.Plan(rules, new StepContext(1, H), state);
        Assert.Equal(0.01, first.LearningRate);

        // g^2 / v_hat summing to 36 over 4 elements: RMS 3, so the next step's rate is divided by 3; an RMS below 1 clips nothing.
        RuleChain.Observe(rules, state, first, new UpdateStatistics { Step = 1, Count = 4, SumGradientRatio = 36 });
        Assert.Equal(0.01 / 3, RuleChain.Plan(rules, new StepContext(2, H), state).LearningRate, 1e-18);
        RuleChain.Observe(rules, state, first, new UpdateStatistics { Step = 2, Count = 4, SumGradientRatio = 1 });
        Assert.Equal(0.01, RuleChain.Plan(rules, new StepContext(3, H), state).LearningRate);
    }

    [Fact]
    public void EachStatefulRuleSeesOnlyItsOwnSlice()
    {
        var a = new PairCounter(10);
        var b = new TripleCounter(20);
        IStepRule[] rules = [ScaleByAdam.Instance, a, MaximizeObjective.Instance, b];
        var state = new double[RuleChain.StateLength(rules)];
        RuleChain.Initialize(rules, state);
        Assert.Equal([10, 10, 20, 20, 20], state);
        RuleChain.Observe(rules, state, default, new UpdateStatistics { Step = 1, Count = 1 });
        Assert.Equal([11, 10, 21, 20, 20], state);
        var plan = RuleChain.Plan(rules, new StepContext(2, H), state);
        Assert.Equal(0.01 * 11 * 21, plan.LearningRate, 1e-15);
    }

    [Fact]
    public void RectifyKeepsTheRateDecayUsedBeforeIt()
    {
        var c = UpdateRule.RAdam(H, 50, Rectification.PaperThreshold, EarlyPhase.Momentum);
        double r = Rectification.Term(50, 0.999);
        Assert.Equal(1 - (0.01 * 0.1), c.Decay);
        Assert.Equal(0.01 * r, c.LearningRate, 1e-18);
    }

    /// <summary>A test rule: its first number counts observations from <c>Start</c>; the rate is multiplied by it.</summary>
    private sealed record PairCounter(double Start) : StatefulRule<Numbers2>
    {
        protected override TensorStatistics ObservedStatistics => TensorStatistics.None;

        protected override Numbers2 Initial => new(Start, Start);

        public override AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context, in Numbers2 state) => plan.ScaleLearningRate(state.A);

        public override Numbers2 Observe(in Numbers2 state, in AdamCoefficients taken, in UpdateStatistics statistics) => state with { A = state.A + 1 };
    }

    /// <summary>The same with three numbers of state.</summary>
    private sealed record TripleCounter(double Start) : StatefulRule<Numbers3>
    {
        protected override TensorStatistics ObservedStatistics => TensorStatistics.None;

        protected override Numbers3 Initial => new(Start, Start, Start);

        public override AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context, in Numbers3 state) => plan.ScaleLearningRate(state.A);

        public override Numbers3 Observe(in Numbers3 state, in AdamCoefficients taken, in UpdateStatistics statistics) => state with { A = state.A + 1 };
    }

    private readonly record struct Numbers2(double A, double B) : IRuleState<Numbers2>
    {
        public static int Length => 2;

        public static Numbers2 Read(ReadOnlySpan<double> values) => new(values[0], values[1]);

        public static string? Check(ReadOnlySpan<double> values) => null;

        public void Write(Span<double> values) => (values[0], values[1]) = (A, B);
    }

    private readonly record struct Numbers3(double A, double B, double C) : IRuleState<Numbers3>
    {
        public static int Length => 3;

        public static Numbers3 Read(ReadOnlySpan<double> values) => new(values[0], values[1], values[2]);

        public static string? Check(ReadOnlySpan<double> values) => null;

        public void Write(Span<double> values) => (values[0], values[1], values[2]) = (A, B, C);
    }
}
