using Warmup.Core.Schedules;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>A warmup is a value: a schedule written outside the library works through <see cref="ApplyWarmup"/> and is named in checkpoints.</summary>
public class CustomWarmupTests
{
    [Fact]
    public void AnOutsideScheduleGivesTheSameStepsAsTheBuiltInOneItCopies()
    {
        var a = Params.Create(701, ScalarType.Float32, [6, 5]);
        var b = Params.Clone(a);
        using var builtIn = new Adam(a, new AdamOptions { LearningRate = 0.01, Warmup = WarmupKind.Linear, WarmupTau = 7 });
        using var outside = new Adam(b, new AdamOptions { LearningRate = 0.01, Rules = [new ApplyWarmup(new Ramp(7))] });
        var rng = new Random(702);
        for (int t = 1; t <= 9; t++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            builtIn.step();
            outside.step();
            Assert.Equal(builtIn.EffectiveLearningRate(t), outside.EffectiveLearningRate(t));
        }

        Assert.True(Params.BitIdentical(a, b));
    }

    [Fact]
    public void ACheckpointWithAnotherScheduleIsRefused()
    {
        var source = new Adam(Params.Create(703, ScalarType.Float32, [4]), new AdamOptions { Rules = [new ApplyWarmup(new Ramp(7))] });
        var same = new Adam(Params.Create(704, ScalarType.Float32, [4]), new AdamOptions { Rules = [new ApplyWarmup(new Ramp(7))] });
        var other = new Adam(Params.Create(705, ScalarType.Float32, [4]), new AdamOptions { Rules = [new ApplyWarmup(new Ramp(8))] });
        Checkpoint.Load(same, Checkpoint.Bytes(source));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, Checkpoint.Bytes(source)));
        Assert.Contains("ApplyWarmup(Ramp { Period = 7 })", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Linear warmup written as a user would: omega_t = min(1, t / period).</summary>
    private sealed record Ramp(double Period) : WarmupSchedule
    {
        public override double Factor(long t)
        {
            CheckStep(t);
            return Math.Min(1.0, t / Period);
        }

        public override double EffectivePeriod() => (Period - 1) / 2;
    }
}
