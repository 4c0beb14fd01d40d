using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Schedules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// What cannot be meant is refused, naming both sides and changing nothing (issue 22, item 3), and rules are values
/// (item 4). On 148eae1 each of these was accepted silently: a LearningRateWarmup around an optimizer with its own
/// warmup (step 1 at 2.5e-8 instead of 5e-5), untuned warmup on RAdam, a warmup given as a rule after weight decay, and
/// a rule class whose parameter its checkpoint did not name.
/// </summary>
public class RefusalTests
{
    [Fact]
    public void AnOutsideWarmupAroundAnOptimizerThatWarmsUpItselfIsRefused()
    {
        var ps = Params.Create(801, ScalarType.Float32, [3]);
        using var adam = Optimizers.AdamW(ps, lr: 1e-3).WithUntunedLinearWarmup();
        var e = Assert.Throws<ArgumentException>(() => new LearningRateWarmup(adam, WarmupSchedule.UntunedLinear));
        Assert.True(e.Message.Contains("warms up inside its step (parameter group 0: Warmup = LinearWarmup { Tau = 1999.99", StringComparison.Ordinal), e.Message);
        Assert.Contains("LearningRateWarmup", e.Message, StringComparison.Ordinal);
        var s = Assert.Throws<ArgumentException>(() => new WarmupLR(adam, WarmupSchedule.Linear(10)));
        Assert.Contains("a WarmupLR around it would apply warmup twice", s.Message, StringComparison.Ordinal);

        // Nothing changed: the rate is the base rate, and a step still applies the optimizer's own warmup only.
        Assert.Equal(1e-3, adam.ParamGroups.Single().LearningRate);
        Params.SetGradients(new Random(802), 1.0, ps);
        adam.step();
        Assert.Equal(1e-3 / 2000, adam.LastStep.LearningRate, 1e-18);
    }

    [Fact]
    public void AWarmupGivenToAnOptimizerAnOutsideWarmupAlreadyDampensIsRefused()
    {
        var ps = Params.Create(803, ScalarType.Float32, [3]);
        using var adam = Optimizers.AdamW(ps, lr: 1e-3);
        _ = new LearningRateWarmup(adam, WarmupSchedule.UntunedLinear);
        var e = Assert.Throws<ArgumentException>(() => adam.WithUntunedLinearWarmup());
        Assert.Contains("a LearningRateWarmup also warms up its learning rate", e.Message, StringComparison.Ordinal);
        Assert.Null(adam.Groups[0].Options.Warmup);

        // Set behind the optimizer's back, the step refuses it before any change.
        adam.Groups[0].Options.Warmup = WarmupSchedule.Linear(5);
        Params.SetGradients(new Random(804), 1.0, ps);
        var before = Params.Values(ps[0]);
        Assert.Throws<ArgumentException>(() => adam.step());
        Assert.Equal(before, Params.Values(ps[0]));
    }

    [Fact]
    public void WarmupOnRAdamIsRefusedUnlessAskedFor()
    {
        var ps = Params.Create(805, ScalarType.Float32, [3]);
        using var radam = Optimizers.RAdam(ps);
        var e = Assert.Throws<ArgumentException>(() => radam.WithUntunedLinearWarmup());
        Assert.Contains("RAdam's rectification is already a warmup", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowWarmup = true", e.Message, StringComparison.Ordinal);
        Assert.Null(radam.Options.Warmup);
        Assert.Throws<ArgumentException>(() => new RAdam(ps, new RAdamOptions { Warmup = WarmupSchedule.Linear(100) }));

        using var both = new RAdam(Params.Clone(ps), new RAdamOptions { Warmup = WarmupSchedule.Linear(100), AllowWarmup = true });
        Assert.NotNull(both.Options.Warmup);
    }

    [Fact]
    public void AWarmupGivenAsARuleIsRefusedPointingToTheWarmupOption()
    {
        var ps = Params.Create(806, ScalarType.Float32, [3]);
        var e = Assert.Throws<ArgumentException>(() => new AdamW(ps, new AdamOptions { Rules = [new ApplyWarmup(WarmupSchedule.Linear(50))] }));
        Assert.Contains("give it as Warmup = LinearWarmup { Tau = 50 }", e.Message, StringComparison.Ordinal);
        var own = Assert.Throws<ArgumentException>(() => new AdamW(ps, new AdamOptions { Rules = [AddWeightDecay.Instance] }));
        Assert.Contains("already part of every chain", own.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleThatIsNotARecordIsRefused()
    {
        var ps = Params.Create(807, ScalarType.Float32, [3]);
        var e = Assert.Throws<ArgumentException>(() => new Adam(ps, new AdamOptions { Rules = [new ScaleLrClass(0.5)] }));
        Assert.Contains("is not a record", e.Message, StringComparison.Ordinal);
        Assert.Contains("public sealed record ScaleLrClass", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleIsNamedByItsValueSoACheckpointOfAnotherValueIsRefused()
    {
        // The probe: ScaleLr(0.5) saved, loaded into ScaleLr(10).
        var a = Params.Create(808, ScalarType.Float32, [4]);
        using var half = new Adam(a, new AdamOptions { Rules = [new ScaleLr(0.5)] });
        Params.SetGradients(new Random(809), 1.0, a);
        half.step();
        using var ten = new Adam(Params.Clone(a), new AdamOptions { Rules = [new ScaleLr(10)] });
        var before = Checkpoint.Bytes(ten);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(ten, Checkpoint.Bytes(half)));
        Assert.Contains("ScaleLr { Factor = 0.5 }", e.Message, StringComparison.Ordinal);
        Assert.Contains("ScaleLr { Factor = 10 }", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Checkpoint.Bytes(ten));

        using var same = new Adam(Params.Clone(a), new AdamOptions { Rules = [new ScaleLr(0.5)] });
        Checkpoint.Load(same, Checkpoint.Bytes(half));
        Assert.Equal(Checkpoint.Bytes(half), Checkpoint.Bytes(same));
    }

    /// <summary>A user's rule written as a record: its parameter is part of its value and of its name.</summary>
    private sealed record ScaleLr(double Factor) : IStepRule
    {
        public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) => plan.ScaleLearningRate(Factor);
    }

    /// <summary>The same rule written as a class: two values would print the same name.</summary>
    private sealed class ScaleLrClass(double factor) : IStepRule
    {
        public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context) => plan.ScaleLearningRate(factor);
    }
}
