using Warmup.Core.Schedules;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>Warmup set in our optimizers' options: the step uses LearningRate * omega_t at the parameter's step t.</summary>
public class BuiltInWarmupTests
{
    /// <summary>Momentum-phase-free check with a float64 parameter: Adam's t-th step with a constant gradient g and eps 0 moves by lr_t exactly.</summary>
    [Fact]
    public void EachStepMovesByTheDampenedRate()
    {
        var p = new TorchSharp.Modules.Parameter(zeros(1, dtype: ScalarType.Float64));
        using var adam = new Adam([p], new AdamOptions { LearningRate = 0.1, Eps = 0 }).WithWarmup(WarmupSchedule.Linear(4));
        double before = 0;
        for (int t = 1; t <= 6; t++)
        {
            Params.Grad(p, () => ones(1, dtype: ScalarType.Float64));
            adam.step();
            double now = p.item<double>();
            Assert.Equal(0.1 * Math.Min(1, t / 4.0), before - now, 1e-15);
            before = now;
        }
    }

    /// <summary>Adam-2k (Liu et al. 3.1): K steps leave p and m alone while v averages g^2; then plain Adam steps.</summary>
    [Fact]
    public void AdamTwoKOnlyAccumulatesVFirst()
    {
        var p = new TorchSharp.Modules.Parameter(ones(3, dtype: ScalarType.Float64));
        using var adam = new Adam([p], new AdamOptions { LearningRate = 0.1, Eps = 0, Rules = [new FreezeFirstMoment(4)] });
        for (int t = 1; t <= 4; t++)
        {
            Params.Grad(p, () => Params.Full([3], 2.0, ScalarType.Float64));
            adam.step();
            Assert.All(Params.Values(p), x => Assert.Equal(1.0, x));
            Assert.All(Params.Values(adam.StateOf(p).ExpAvg), x => Assert.Equal(0.0, x));
        }

        Assert.All(Params.Values(adam.StateOf(p).ExpAvgSq), x => Assert.Equal(4 * (1 - Math.Pow(0.999, 4)), x, 1e-15));

        // Step 5: m = 0.1 g, m_hat = g with bias correction from its own first step; v_hat = g^2; the move is lr.
        Params.Grad(p, () => Params.Full([3], 2.0, ScalarType.Float64));
        adam.step();
        Assert.All(Params.Values(p), x => Assert.Equal(0.9, x, 1e-12));
    }

    [Fact]
    public void UntunedWarmupReadsEachGroupsBeta2()
    {
        var ps = Params.Create(91, ScalarType.Float32, [3], [3]);
        using var adam = new Adam(
            [
                new AdaptiveParamGroup<AdamOptions>([ps[0]], new AdamOptions { Beta2 = 0.999 }),
                new AdaptiveParamGroup<AdamOptions>([ps[1]], new AdamOptions { Beta2 = 0.9 }),
            ]).WithUntunedExponentialWarmup();
        Assert.Equal(1000, ((ExponentialWarmup)adam.Groups[0].Options.Warmup!).Tau, 1e-9);
        Assert.Equal(10, ((ExponentialWarmup)adam.Groups[1].Options.Warmup!).Tau, 1e-9);
    }

    [Fact]
    public void TheWarmupIsSavedWithTheOptimizer()
    {
        var ps = Params.Create(92, ScalarType.Float32, [3]);
        using var a = Optimizers.Adam(ps).WithWarmup(b2 => WarmupSchedule.RAdam(b2, RAdamEarlySteps.Constant));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.save_state_dict(writer);
        }

        // The warmup is part of the optimizer, like its class: a checkpoint loads into the same warmup and is refused by another.
        using var b = Optimizers.Adam(Params.Clone(ps)).WithWarmup(b2 => WarmupSchedule.RAdam(b2, RAdamEarlySteps.Constant));
        stream.Position = 0;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            b.load_state_dict(reader);
        }

        using var none = Optimizers.Adam(Params.Clone(ps));
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            var e = Assert.Throws<InvalidDataException>(() => none.load_state_dict(reader));
            Assert.Contains("Early = Constant", e.Message, StringComparison.Ordinal);
        }

        Assert.Null(none.Groups[0].Options.Warmup);
    }

    [Fact]
    public void InvalidWarmupIsRejectedNamingTheProblem()
    {
        var ps = Params.Create(93, ScalarType.Float32, [3]);
        var bad = Assert.Throws<ArgumentException>(() => WarmupSchedule.Linear(0));
        Assert.Equal("tau", bad.ParamName);

        using var low = Optimizers.Adam(Params.Clone(ps), beta2: 0.5);
        var never = Assert.Throws<ArgumentException>(() => low.WithWarmup(b2 => WarmupSchedule.RAdam(b2)));
        Assert.Contains("never rectifies", never.Message, StringComparison.Ordinal);
        Assert.Null(low.Options.Warmup);
    }
}
