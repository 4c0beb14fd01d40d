using Warmup.Core.Maths;
using Warmup.Core.Schedules;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// The rate each step used, in plain sight (issue 22, item 2): <see cref="AdaptiveOptimizer.LastStep"/> says the rate
/// every group applied, and it is the rate the weights moved by; a group's <c>LearningRate</c> stays the base rate the
/// schedulers set. On 148eae1 a group's LearningRate read 1e-3 after 10 steps of untuned warmup while the step used 5e-5,
/// and nothing after a step said which rate it had used.
/// </summary>
public class AppliedLearningRateTests
{
    /// <summary>
    /// Adam on a float64 parameter with eps 0 and a constant gradient c: m_hat = c and v_hat = c^2 exactly, so every step
    /// moves each weight by exactly the applied rate times sign(c) (decoupled decay off). The reported rate must be that move.
    /// </summary>
    [Theory]
    [InlineData("untuned-linear")]
    [InlineData("linear")]
    [InlineData("exponential")]
    [InlineData("dynamic")]
    [InlineData("update-clip")]
    [InlineData("adam-2k")]
    public void TheReportedRateIsTheOneTheWeightsMovedBy(string warmup)
    {
        var p = new TorchSharp.Modules.Parameter(zeros(4, dtype: ScalarType.Float64));
        var options = new AdamOptions { LearningRate = 1e-3, Beta2 = 0.99, Eps = 0 };
        switch (warmup)
        {
            case "untuned-linear": options.Warmup = WarmupSchedule.UntunedLinear(0.99); break;
            case "linear": options.Warmup = WarmupSchedule.Linear(7); break;
            case "exponential": options.Warmup = WarmupSchedule.Exponential(3); break;
            case "dynamic": options.Rules = [new DynamicWarmup(start: 0.1, growth: 1.5)]; break;
            case "update-clip": options.Rules = [ClipUpdateByGradientRatio.Instance]; break;
            default: options.Rules = [new FreezeFirstMoment(3)]; break;
        }

        using var adam = new Adam([p], options);
        double[] before = Params.Values(p);
        for (int t = 1; t <= 12; t++)
        {
            Params.Grad(p, () => Params.Full([4], -0.25, ScalarType.Float64));
            adam.step();
            double[] after = Params.Values(p);
            for (int i = 0; i < after.Length; i++)
            {
                Assert.Equal(adam.LastStep.LearningRate, after[i] - before[i], 1e-15);
            }

            Assert.Equal(1e-3, adam.ParamGroups.Single().LearningRate); // the base rate, untouched
            Assert.Equal(adam.LastStep.LearningRate, adam.StateOf(p).AppliedLearningRate);
            before = after;
        }
    }

    [Fact]
    public void UntunedWarmupAfterTenStepsReportsTheWarmedRate()
    {
        // The probe: lr 1e-3 with untuned linear warmup (beta2 0.999, tau 2000): step 10 uses 1e-3 * 10 / 2000 = 5e-6.
        var ps = Params.Create(120, ScalarType.Float32, [8]);
        using var adamw = Optimizers.AdamW(ps, lr: 1e-3).WithUntunedLinearWarmup();
        var rng = new Random(121);
        for (int t = 1; t <= 10; t++)
        {
            Params.SetGradients(rng, 1.0, ps);
            adamw.step();
        }

        Assert.Equal(1e-3 * 10 / (2 / (1 - 0.999)), adamw.LastStep.LearningRate, 1e-18);
        Assert.Equal(1e-3, adamw.ParamGroups.First().LearningRate);
    }

    [Fact]
    public void EachGroupReportsItsOwnRateAndRAdamsRectification()
    {
        var a = Params.Create(121, ScalarType.Float32, [3]);
        var b = Params.Create(122, ScalarType.Float32, [2]);
        using var radam = new RAdam(
            [new AdaptiveParamGroup<RAdamOptions>(a, new RAdamOptions { LearningRate = 0.5 }), new AdaptiveParamGroup<RAdamOptions>(b, new RAdamOptions())],
            new RAdamOptions { LearningRate = 0.1, Beta2 = 0.99 });
        var rng = new Random(123);
        for (int t = 1; t <= 10; t++)
        {
            Params.SetGradients(rng, 1.0, a);
            Params.SetGradients(rng, 1.0, b);
            radam.step();

            // Liu et al. Algorithm 2 with threshold 4: the momentum step at lr for t <= 4 (rho_4 < 4 for beta2 = 0.99), then lr r_t.
            double r = t <= 4 ? 1 : Rectification.Term(Rectification.Rho(t, 0.99), Rectification.RhoInfinity(0.99));
            Assert.Equal(2, radam.LastStep.LearningRates.Count);
            Assert.Equal(0.5 * r, radam.LastStep.LearningRates[0], 1e-15);
            Assert.Equal(0.1 * r, radam.LastStep.LearningRates[1], 1e-15);
        }
    }

    [Fact]
    public void RulesThatDifferPerTensorReportTheirElementMeanAndEachTensorItsOwn()
    {
        // Update clipping divides each tensor's rate by its own ratio: a spike in one tensor lowers only its rate.
        var ps = Params.Create(124, ScalarType.Float32, [30], [10]);
        using var adam = new Adam(ps, new AdamOptions { LearningRate = 0.01, Beta2 = 0.9, Rules = [ClipUpdateByGradientRatio.Instance] });
        for (int t = 1; t <= 4; t++)
        {
            Params.Grad(ps[0], () => Params.Full([30], t == 3 ? 20 : 1, ScalarType.Float32));
            Params.Grad(ps[1], () => Params.Full([10], 1, ScalarType.Float32));
            adam.step();
        }

        double r0 = adam.StateOf(ps[0]).AppliedLearningRate, r1 = adam.StateOf(ps[1]).AppliedLearningRate;
        Assert.True(r0 < r1, $"{r0} should be below {r1}");
        Assert.Equal(((30 * r0) + (10 * r1)) / 40, adam.LastStep.LearningRate, 1e-18);
    }

    [Fact]
    public void ASkippedStepAndAGroupWithoutGradientsApplyNothing()
    {
        var ps = Params.Create(125, ScalarType.Float32, [3], [3]);
        using var adam = new Adam([new AdaptiveParamGroup<AdamOptions>([ps[0]]), new AdaptiveParamGroup<AdamOptions>([ps[1]])]) { SkipNonFiniteSteps = true };
        Assert.Empty(adam.LastStep.LearningRates);
        Params.Grad(ps[0], () => ones(3));
        adam.step();
        Assert.Equal([1e-3, 0.0], adam.LastStep.LearningRates);
        Params.Grad(ps[0], () => Params.Full([3], double.NaN, ScalarType.Float32));
        adam.step();
        Assert.True(adam.LastStep.Skipped);
        Assert.Equal([0.0, 0.0], adam.LastStep.LearningRates);
    }
}
