using Warmup.Core.Schedules;
using Warmup.Torch.Optim;
using Warmup.Torch.Schedules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Tests.Schedules;

/// <summary>Dampening: the rate used at step k is the schedulers' undampened rate times omega_k, per group.</summary>
public class LearningRateWarmupTests
{
    /// <summary>
    /// TorchSharp's own Adam, two groups with beta2 0.999 and 0.99 (untuned linear: tau 2000 and 200), ExponentialLR
    /// (0.9) chained with StepLR (step 3, 0.5): before optimizer step k the schedulers' rate is
    /// lr0 * 0.9^(k-1) * 0.5^floor((k-1)/3), and the group holds that times min(1, k / tau).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DampensChainedSchedulersPerGroup(bool viaChainedLR)
    {
        var ps = Params.Create(71, ScalarType.Float32, [10], [6]);
        using var adam = Adam(
            [
                new TorchSharp.Modules.Adam.ParamGroup([ps[0]], lr: 0.1, beta2: 0.999),
                new TorchSharp.Modules.Adam.ParamGroup([ps[1]], lr: 0.02, beta2: 0.99),
            ]);
        var warmup = new LearningRateWarmup(adam, WarmupSchedule.UntunedLinear);
        Assert.Equal([2 / (1 - 0.999), 2 / (1 - 0.99)], warmup.Schedules.Cast<LinearWarmup>().Select(s => s.Tau));

        var exponential = lr_scheduler.ExponentialLR(adam, gamma: 0.9);
        var stepLR = lr_scheduler.StepLR(adam, step_size: 3, gamma: 0.5);
        var chained = lr_scheduler.ChainedLR([exponential, stepLR]);
        double[] lr0 = [0.1, 0.02];
        double[] tau = [2 / (1 - 0.999), 2 / (1 - 0.99)];
        var rng = new Random(72);
        for (int k = 1; k <= 40; k++)
        {
            var groups = adam.ParamGroups.ToList();
            for (int g = 0; g < 2; g++)
            {
                double undampened = lr0[g] * Math.Pow(0.9, k - 1) * Math.Pow(0.5, (k - 1) / 3);
                Assert.Equal(undampened * Math.Min(1, k / tau[g]), groups[g].LearningRate, 1e-15);
            }

            Params.SetGradients(rng, 1.0, ps);
            Uninterrupted.Step(adam);
            using (warmup.Dampening())
            {
                if (viaChainedLR)
                {
                    chained.step();
                }
                else
                {
                    exponential.step();
                    stepLR.step();
                }
            }
        }

        Assert.Equal(40, warmup.LastStep);
    }

    [Fact]
    public void WithoutASchedulerStepGivesTheBareFactors()
    {
        var ps = Params.Create(73, ScalarType.Float32, [4]);
        using var adam = Adam(ps, lr: 0.5);
        var warmup = new LearningRateWarmup(adam, WarmupSchedule.Exponential(10));
        for (int k = 1; k <= 30; k++)
        {
            Assert.Equal(0.5 * (1 - Math.Exp(-k / 10.0)), adam.ParamGroups.Single().LearningRate, 1e-15);
            warmup.Step();
        }
    }

    /// <summary>Save optimizer and warmup mid-warmup, load both into fresh ones: the rest is identical to straight through.</summary>
    [Fact]
    public void AStateRoundTripMidWarmupContinuesIdentically()
    {
        var straight = Params.Create(74, ScalarType.Float32, [50], [7, 3]);
        var first = Params.Clone(straight);
        using var a = new RAdam(straight, new RAdamOptions { LearningRate = 0.01, Beta2 = 0.98 });
        using var b = new RAdam(first, new RAdamOptions { LearningRate = 0.01, Beta2 = 0.98 });
        var wa = new LearningRateWarmup(a, WarmupSchedule.UntunedExponential);
        var wb = new LearningRateWarmup(b, WarmupSchedule.UntunedExponential);
        var sa = lr_scheduler.ExponentialLR(a, gamma: 0.99);
        var sb = lr_scheduler.ExponentialLR(b, gamma: 0.99);
        var rng = new Random(75);
        for (int k = 0; k < 20; k++)
        {
            Params.SetGradients(rng, 1.0, straight, first);
            a.step();
            b.step();
            using (wa.Dampening())
            {
                sa.step();
            }

            using (wb.Dampening())
            {
                sb.step();
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            b.save_state_dict(writer);
            wb.Save(writer);
        }

        var resumed = Params.Clone(first);
        using var c = new RAdam(resumed, new RAdamOptions { LearningRate = 0.01, Beta2 = 0.98 });
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            // Resume order: the optimizer, then the schedulers as for a fresh start (ExponentialLR is chainable: it
            // computes from the current rate), then the warmup, whose Load restores the undampened rates last.
            c.load_state_dict(reader);
            var sc = lr_scheduler.ExponentialLR(c, gamma: 0.99);
            var wc0 = new LearningRateWarmup(c, WarmupSchedule.UntunedExponential);
            wc0.Load(reader);
            Assert.Equal(a.ParamGroups.Single().LearningRate, c.ParamGroups.Single().LearningRate);
            for (int k = 0; k < 30; k++)
            {
                Params.SetGradients(rng, 1.0, straight, resumed);
                a.step();
                c.step();
                using (wa.Dampening())
                {
                    sa.step();
                }

                using (wc0.Dampening())
                {
                    sc.step();
                }
            }
        }

        Assert.True(Params.BitIdentical(straight, resumed));
    }

    /// <summary>The one-liner (warmup inside our step) and dampening a plain optimizer give bit-identical training.</summary>
    [Fact]
    public void TheOneLinerEqualsDampening()
    {
        var x = Params.Create(76, ScalarType.Float32, [300], [17]);
        var y = Params.Clone(x);
        using var oneLiner = Optimizers.AdamW(x, lr: 3e-3, beta2: 0.99).WithUntunedLinearWarmup();
        using var plain = Optimizers.AdamW(y, lr: 3e-3, beta2: 0.99);
        var warmup = new LearningRateWarmup(plain, WarmupSchedule.UntunedLinear);
        var s1 = lr_scheduler.StepLR(oneLiner, step_size: 50, gamma: 0.3);
        var s2 = lr_scheduler.StepLR(plain, step_size: 50, gamma: 0.3);
        var rng = new Random(77);
        for (int k = 0; k < 250; k++)
        {
            Params.SetGradients(rng, 1.0, x, y);
            oneLiner.step();
            plain.step();
            s1.step();
            using (warmup.Dampening())
            {
                s2.step();
            }
        }

        Assert.True(Params.BitIdentical(x, y));
    }

    [Fact]
    public void AnOptimizerWithoutBetasCannotUseUntunedWarmup()
    {
        using var sgd = SGD(Params.Create(78, ScalarType.Float32, [3]), 0.1);
        var e = Assert.Throws<ArgumentException>(() => new LearningRateWarmup(sgd, WarmupSchedule.UntunedLinear));
        Assert.Contains("has no betas", e.Message, StringComparison.Ordinal);
        _ = new LearningRateWarmup(sgd, WarmupSchedule.Linear(5));
        Assert.Equal(0.1 / 5, sgd.ParamGroups.Single().LearningRate, 1e-15);
    }

    [Fact]
    public void RAdamShapedWarmupRejectsAGroupWhoseBeta2NeverRectifies()
    {
        using var adam = Adam(Params.Create(79, ScalarType.Float32, [3]), beta2: 0.5);
        var e = Assert.Throws<ArgumentException>(() => new LearningRateWarmup(adam, b2 => WarmupSchedule.RAdam(b2)));
        Assert.Contains("Parameter group 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("beta2 > 0.6", e.Message, StringComparison.Ordinal);
    }
}
