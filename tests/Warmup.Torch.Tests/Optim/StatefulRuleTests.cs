using TorchSharp.Modules;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>Rules that keep state learn from statistics reduced in the step's own pass (update clipping as the example).</summary>
public class StatefulRuleTests
{
    private const double Beta2 = 0.99;

    [Fact]
    public void AtStepOneEveryGradientEqualsItsSecondMomentSoTheRatioIsOne()
    {
        // v_1 = (1 - b2) g^2 and bc2 = 1 - b2, so g^2 / v_hat = 1 for every element; m_hat = g, so the direction is g / (|g| + eps).
        foreach (bool fused in new[] { true, false })
        {
            var ps = Params.Create(601, ScalarType.Float32, [7, 3], [5]);
            using var adam = Clipped(ps);
            adam.UseFusedKernel = fused;
            Params.SetGradients(new Random(602), 1.0, ps);
            adam.step();
            foreach (var p in ps)
            {
                var s = adam.StateOf(p).Statistics;
                Assert.Equal((1L, p.numel()), (s.Step, s.Count));
                Assert.Equal(1.0, s.GradientRatioRms, 1e-6);
                Assert.Equal(0.0, s.UpdateRms); // not asked for by the clipping rule: not reduced
                Assert.Equal(1.0, adam.StateOf(p).RuleStateOf(ClipUpdateByGradientRatio.Instance).Rms, 1e-6);
            }
        }
    }

    [Fact]
    public void AGradientSpikeIsClippedFromTheNextStep()
    {
        var ps = Params.Create(603, ScalarType.Float32, [64]);
        using var adam = Clipped(ps);
        for (int t = 1; t <= 4; t++)
        {
            double scale = t == 4 ? 10 : 1;
            Params.Grad(ps[0], () => Params.Full([64], scale * 0.5, ScalarType.Float32));
            adam.step();
        }

        // v_4 = (1 - b2)(b2^3 + b2^2 + b2 + 100) c^2 and v_hat = v_4 / (1 - b2^4): the spike's g^2 / v_hat, the same for every element.
        double ratio = 100 * (1 - Math.Pow(Beta2, 4)) / ((1 - Beta2) * (Math.Pow(Beta2, 3) + Math.Pow(Beta2, 2) + Beta2 + 100));
        var stats = adam.StateOf(ps[0]).Statistics;
        Assert.Equal(Math.Sqrt(ratio), stats.GradientRatioRms, 1e-5);
        Assert.True(ratio > 1);
        Params.Grad(ps[0], () => Params.Full([64], 0.5, ScalarType.Float32));
        adam.step();
        Assert.Equal(0.01 / Math.Sqrt(ratio), adam.LastStep.LearningRate, 1e-7);
        Assert.Equal(adam.LastStep.LearningRate, adam.StateOf(ps[0]).AppliedLearningRate);
    }

    [Fact]
    public void DynamicWarmupGrowsOnSteadyGradientsAndHoldsAfterASpike()
    {
        // A constant gradient keeps v_hat = g^2 (ratio 1: grow); the spike's ratio is the one computed above (about 1.96,
        // outside [0.7, 1 / 0.7]: hold), and the steady gradient after it has a ratio of about 0.22 (hold again).
        foreach (bool fused in new[] { true, false })
        {
            var ps = Params.Create(609, ScalarType.Float32, [64]);
            using var adam = new Adam(ps, new AdamOptions { LearningRate = 0.01, Beta2 = Beta2, Rules = [new DynamicWarmup(start: 0.1, growth: 2)] });
            adam.UseFusedKernel = fused;
            var rates = new List<double>();
            for (int t = 1; t <= 6; t++)
            {
                Params.Grad(ps[0], () => Params.Full([64], (t == 4 ? 10 : 1) * 0.5, ScalarType.Float32));
                adam.step();
                rates.Add(adam.LastStep.LearningRate);
            }

            double[] expected = [0, 0.001, 0.002, 0.004, 0.004, 0.004];
            Assert.Equal(expected.Length, rates.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], rates[i], 1e-12);
            }
        }
    }

    [Fact]
    public void StatisticsAreTheSameOnOneThreadAsOnAll()
    {
        double[] Run(int threads)
        {
            var ps = Params.Create(604, ScalarType.Float32, [300_001]);
            using var adam = Clipped(ps);
            adam.MaxThreads = threads;
            var rng = new Random(605);
            for (int t = 0; t < 3; t++)
            {
                Params.SetGradients(rng, 1.0, ps);
                adam.step();
            }

            var s = adam.StateOf(ps[0]).Statistics;
            return [s.SumSquaredUpdate, s.SumGradientRatio];
        }

        Assert.Equal(Run(1), Run(Environment.ProcessorCount));
    }

    [Fact]
    public void AStepThatThrowsLeavesTheRuleStateAsItWas()
    {
        var ps = Params.Create(606, ScalarType.Float32, [9], [4]);
        using var adam = Clipped(ps);
        Params.SetGradients(new Random(607), 1.0, ps);
        adam.step();
        double before = adam.StateOf(ps[0]).RuleState.Span[0];
        Params.SetGradients(new Random(608), 30.0, ps);
        Params.Grad(ps[1], () => zeros([4], dtype: ScalarType.Float64));
        Assert.Throws<ArgumentException>(() => adam.step());
        Assert.Equal(before, adam.StateOf(ps[0]).RuleState.Span[0]);
        Assert.Equal(1L, adam.StateOf(ps[0]).Step);
    }

    private static Adam Clipped(Parameter[] ps) =>
        new(ps, new AdamOptions { LearningRate = 0.01, Beta2 = Beta2, Rules = [ClipUpdateByGradientRatio.Instance] });
}
