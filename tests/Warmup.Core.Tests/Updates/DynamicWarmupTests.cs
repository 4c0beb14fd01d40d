using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Core.Tests.Updates;

/// <summary>The dynamic warmup's factor, step by step, from statistics given by hand.</summary>
public class DynamicWarmupTests
{
    private static readonly AdaptiveHyperparameters H = new(0.02, 0.9, 0.99, 1e-8, 0, false, false);

    // RMS(g / sqrt(v_hat)) = sqrt(SumGradientRatio / Count): 4 elements summing to 4 r^2 give r.
    private static UpdateStatistics Ratio(long step, double rms) => new() { Step = step, Count = 4, SumSquaredUpdate = 4, SumGradientRatio = 4 * rms * rms };

    [Fact]
    public void TheFirstStepMovesNothingThenTheFactorStartsAndGrowsWhileGradientsAgreeWithV()
    {
        var (rule, state) = Fresh(new DynamicWarmup());
        Assert.Equal(0.0, Rate(rule, state, 1));
        Observe(rule, state, Ratio(1, 1.0));
        Assert.Equal(0.02 * 0.01, Rate(rule, state, 2), 1e-18);
        Observe(rule, state, Ratio(2, 1.0));
        Assert.Equal(0.02 * 0.01 * 1.03, Rate(rule, state, 3), 1e-18);

        // At the band's edges (0.7 and 1 / 0.7) it still grows.
        Observe(rule, state, Ratio(3, 0.7));
        Observe(rule, state, Ratio(4, 1 / 0.7));
        Assert.Equal(0.01 * Math.Pow(1.03, 3), state[0], 1e-15);
    }

    [Theory]
    [InlineData(0.69)]
    [InlineData(1.44)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AStepWhoseGradientsDisagreeWithVHoldsTheFactor(double rms)
    {
        var (rule, state) = Fresh(new DynamicWarmup());
        Observe(rule, state, Ratio(1, 1.0));
        Observe(rule, state, Ratio(2, 1.0));
        double before = state[0];
        Observe(rule, state, Ratio(3, rms));
        Assert.Equal(before, state[0]);
    }

    [Fact]
    public void OnSteadyGradientsTheRampLasts156StepsThenTheFactorStaysOne()
    {
        // 0.01 * 1.03^n >= 1 first at n = ceil(ln 100 / ln 1.03) = ceil(155.80) = 156 growths, after the first step's start.
        var (rule, state) = Fresh(new DynamicWarmup());
        int step = 0;
        while (state[0] < 1.0)
        {
            step++;
            Observe(rule, state, Ratio(step, 1.0));
        }

        Assert.Equal(157, step);
        Observe(rule, state, Ratio(step + 1, 0.1));
        Assert.Equal(1.0, state[0]);
        Assert.Equal(0.02, Rate(rule, state, step + 2));
    }

    [Fact]
    public void DecoupledDecayUsesTheWarmedRateAsAfterAFixedWarmup()
    {
        var (rule, state) = Fresh(new DynamicWarmup());
        Observe(rule, state, Ratio(1, 1.0));
        var decoupled = H with { WeightDecay = 0.5, DecoupledWeightDecay = true };
        var plan = RuleChain.Plan(rule, new StepContext(2, decoupled), state);
        Assert.Equal(1 - (0.02 * 0.01 * 0.5), plan.Decay, 1e-15);
        Assert.Equal(0.02 * 0.01 / (1 - (0.9 * 0.9)), plan.StepSize, 1e-15);
    }

    [Theory]
    [InlineData(0.0, 1.03, 0.7)]
    [InlineData(1.5, 1.03, 0.7)]
    [InlineData(double.NaN, 1.03, 0.7)]
    [InlineData(0.01, 1.0, 0.7)]
    [InlineData(0.01, double.PositiveInfinity, 0.7)]
    [InlineData(0.01, 1.03, -0.1)]
    [InlineData(0.01, 1.03, 1.0)]
    public void SettingsOutOfRangeAreRefused(double start, double growth, double tolerance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicWarmup(start, growth, tolerance));

    [Fact]
    public void ToleranceZeroGrowsWhateverTheRatio()
    {
        var (rule, state) = Fresh(new DynamicWarmup(tolerance: 0));
        Observe(rule, state, Ratio(1, 1.0));
        Observe(rule, state, Ratio(2, 0.01));
        Observe(rule, state, Ratio(3, 50));
        Assert.Equal(0.01 * 1.03 * 1.03, state[0], 1e-15);
    }

    [Fact]
    public void ItsNameStatesEverySetting() =>
        Assert.Equal("DynamicWarmup(Start = 0.05, Growth = 1.1, Tolerance = 0.5)", new DynamicWarmup(0.05, 1.1, 0.5).ToString());

    private static (IStepRule[] Rules, double[] State) Fresh(DynamicWarmup warmup)
    {
        IStepRule[] rules = [.. UpdateRule.AdamRules, warmup];
        var state = new double[RuleChain.StateLength(rules)];
        RuleChain.Initialize(rules, state);
        return (rules, state);
    }

    private static double Rate(IStepRule[] rules, double[] state, long step) => RuleChain.Plan(rules, new StepContext(step, H), state).LearningRate;

    private static void Observe(IStepRule[] rules, double[] state, UpdateStatistics statistics) =>
        RuleChain.Observe(rules, state, default, statistics);
}
