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
        IStepRule[] rules = [.. UpdateRule.AdamRules, InitializeSecondMomentFromGradient.Instance];
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
        RuleChain.Observe(rules, state, first, new UpdateStatistics(1, 4, 0, 36));
        Assert.Equal(0.01 / 3, RuleChain.Plan(rules, new StepContext(2, H), state).LearningRate, 1e-18);
        RuleChain.Observe(rules, state, first, new UpdateStatistics(2, 4, 0, 1));
        Assert.Equal(0.01, RuleChain.Plan(rules, new StepContext(3, H), state).LearningRate);
    }

    [Fact]
    public void EachStatefulRuleSeesOnlyItsOwnSlice()
    {
        var a = new Counter(2, 10);
        var b = new Counter(3, 20);
        IStepRule[] rules = [ScaleByAdam.Instance, a, MaximizeObjective.Instance, b];
        var state = new double[RuleChain.StateLength(rules)];
        RuleChain.Initialize(rules, state);
        Assert.Equal([10, 10, 20, 20, 20], state);
        RuleChain.Observe(rules, state, default, new UpdateStatistics(1, 1, 0, 0));
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

    /// <summary>A test rule: state[0] counts observations from <c>start</c>; the rate is multiplied by it.</summary>
    private sealed class Counter(int length, double start) : IStatefulRule
    {
        public int StateLength => length;

        public void Initialize(Span<double> state) => state.Fill(start);

        public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) =>
            plan with { LearningRate = plan.LearningRate * context.State.Span[0] };

        public void Observe(Span<double> state, in AdamCoefficients taken, in UpdateStatistics statistics) => state[0]++;
    }
}
