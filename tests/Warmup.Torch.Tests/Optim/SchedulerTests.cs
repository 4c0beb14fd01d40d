using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Tests.Optim;

/// <summary>TorchSharp's LR schedulers drive our optimizers: the LR a scheduler sets is the LR the next step uses.</summary>
public class SchedulerTests
{
    public static TheoryData<string> Schedulers() => ["steplr", "lambdalr"];

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void TheLearningRateASchedulerSetsIsTheOneUsed(string which)
    {
        const double lr0 = 0.05;
        var scheduled = Params.Create(51, ScalarType.Float32, [33], [4, 4]);
        var manual = Params.Clone(scheduled);
        using var a = new RAdam(scheduled, new RAdamOptions { LearningRate = lr0, Beta2 = 0.9 });
        using var b = new RAdam(manual, new RAdamOptions { LearningRate = lr0, Beta2 = 0.9 });
        var scheduler = which == "steplr"
            ? lr_scheduler.StepLR(a, step_size: 3, gamma: 0.5)
            : lr_scheduler.LambdaLR(a, epoch => 1.0 / (1 + epoch));

        // Closed forms of the two schedules for the k-th step (0-based): lr0 * 0.5^floor(k / 3) and lr0 / (1 + k).
        Func<int, double> expected = which == "steplr" ? k => lr0 * Math.Pow(0.5, k / 3) : k => lr0 / (1 + k);
        var rng = new Random(52);
        for (int k = 0; k < 12; k++)
        {
            Assert.Equal(expected(k), a.Groups[0].LearningRate, 1e-15);
            b.Groups[0].LearningRate = expected(k);
            Params.SetGradients(rng, 1.0, scheduled, manual);
            a.step();
            b.step();
            scheduler.step();
        }

        Assert.True(Params.BitIdentical(scheduled, manual));
    }

    [Fact]
    public void OneCycleLRCyclesBeta1ThroughEachGroupsBetas()
    {
        var ps = Params.Create(53, ScalarType.Float32, [8]);
        using var adam = new AdamW(ps);
        var scheduler = lr_scheduler.OneCycleLR(adam, max_lr: 0.01, total_steps: 20, cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95);
        Assert.Equal(0.95, adam.Groups[0].Betas.Item1, 1e-12);
        var rng = new Random(54);
        for (int k = 0; k < 5; k++)
        {
            Params.SetGradients(rng, 1.0, ps);
            adam.step();
            scheduler.step();
        }

        Assert.True(adam.Groups[0].Betas.Item1 < 0.95);
        Assert.Equal(0.999, adam.Groups[0].Betas.Item2);
    }

    [Fact]
    public void SettingBetasOnTheOptimizerSetsEveryGroup()
    {
        var ps = Params.Create(55, ScalarType.Float32, [3], [4]);
        using var radam = new RAdam(
            [new AdaptiveParamGroup<RAdamOptions>([ps[0]]), new AdaptiveParamGroup<RAdamOptions>([ps[1]], new RAdamOptions { Beta2 = 0.95 })]);
        radam.Betas = (0.8, 0.99);
        Assert.All(radam.Groups, g => Assert.Equal((0.8, 0.99), g.Betas));
        Assert.Equal((0.8, 0.99), radam.Betas);
    }
}
