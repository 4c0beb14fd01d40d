using Warmup.Core.Maths;
using Warmup.Core.Schedules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// One warmup route (issue 22, item 1): a schedule written outside the library, given as <c>Warmup</c>, is applied where
/// the built-in ones are, before weight decay; so each built-in schedule rewritten as a user's record gives bit-identical
/// weights to the built-in one, for every optimizer configuration of the test matrix (AdamW with decay, AMSGrad, RAdam at
/// both thresholds, stateful rules), through a save and a resume. On 148eae1 a user's schedule could only go through
/// <c>Rules = [new ApplyWarmup(s)]</c>, after weight decay, which moved AdamW's weights away from the built-in warmup's.
/// </summary>
public class CustomWarmupTests
{
    public static TheoryData<string, string> CasesAndSchedules()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in OptimizerCase.All)
        {
            foreach (var s in new[] { "linear", "exponential", "untuned-linear", "untuned-exponential", "radam-zero", "radam-constant", "radam-linear" })
            {
                data.Add(c.Name, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndSchedules))]
    public void AUserScheduleIsTheBuiltInOneBitForBitSavedAndResumed(string name, string schedule)
    {
        var c = OptimizerCase.Get(name);
        double beta2 = c.Options().Beta2 ?? 0.999;
        var (builtIn, copy) = Schedules(schedule, beta2);
        var a = Params.Create(701, ScalarType.Float32, [6, 5], [7], [40000]);
        var b = Params.Clone(a);
        using var first = Create(c, a, builtIn);
        using var second = Create(c, b, copy);
        var rng = new Random(702);
        for (int t = 1; t <= 6; t++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            first.step();
            second.step();
            Assert.Equal(first.LastStep.LearningRates, second.LastStep.LearningRates);
        }

        // Save both, resume each into a new optimizer, and go on.
        using var firstResumed = Create(c, a, builtIn);
        using var secondResumed = Create(c, b, copy);
        Checkpoint.Load(firstResumed, Checkpoint.Bytes(first));
        Checkpoint.Load(secondResumed, Checkpoint.Bytes(second));
        for (int t = 7; t <= 12; t++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            firstResumed.step();
            secondResumed.step();
        }

        Assert.True(Params.BitIdentical(a, b), $"{name} with {schedule}: the user's copy of the schedule moved the weights differently");
    }

    [Fact]
    public void AdamWDecayUsesTheWarmedRateWhateverTheSchedulesAuthor()
    {
        // The probe: AdamW, wd 0.1, linear tau 50, 20 steps. Each step decays by exactly 1 - lr omega_t wd.
        var a = Params.Create(711, ScalarType.Float64, [5]);
        var before = Params.Values(a[0]);
        using var adamw = new AdamW(a, new AdamOptions { LearningRate = 0.01, WeightDecay = 0.1, Warmup = new Ramp(50) });
        for (int t = 1; t <= 20; t++)
        {
            Params.Grad(a[0], () => zeros(5, dtype: ScalarType.Float64));
            adamw.step();
            Assert.Equal(0.01 * t / 50, adamw.LastStep.LearningRate, 1e-18);
        }

        double decay = Enumerable.Range(1, 20).Aggregate(1.0, (d, t) => d * (1 - (0.01 * t / 50.0 * 0.1)));
        var after = Params.Values(a[0]);
        for (int i = 0; i < after.Length; i++)
        {
            Assert.Equal(before[i] * decay, after[i], 1e-15);
        }
    }

    [Fact]
    public void ACheckpointWithAnotherScheduleIsRefusedNamingBoth()
    {
        var source = new Adam(Params.Create(703, ScalarType.Float32, [4]), new AdamOptions { Warmup = new Ramp(7) });
        var same = new Adam(Params.Create(704, ScalarType.Float32, [4]), new AdamOptions { Warmup = new Ramp(7) });
        var other = new Adam(Params.Create(705, ScalarType.Float32, [4]), new AdamOptions { Warmup = new Ramp(8) });
        Checkpoint.Load(same, Checkpoint.Bytes(source));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, Checkpoint.Bytes(source)));
        Assert.Contains("ApplyWarmup(Ramp { Period = 7 })", e.Message, StringComparison.Ordinal);
        Assert.Contains("ApplyWarmup(Ramp { Period = 8 })", e.Message, StringComparison.Ordinal);
    }

    private static AdaptiveOptimizer Create(OptimizerCase c, TorchSharp.Modules.Parameter[] ps, WarmupSchedule warmup)
    {
        var optimizer = c.Create(ps);
        if (optimizer is RAdam radam)
        {
            foreach (var g in radam.Groups.Select(g => g.Options).Prepend(radam.Options))
            {
                g.AllowWarmup = true;
            }
        }

        return optimizer.WithWarmup(warmup);
    }

    // The built-in schedule and the same formula written as a user's record (from the papers, not from Core's classes).
    private static (WarmupSchedule BuiltIn, WarmupSchedule Copy) Schedules(string name, double beta2) => name switch
    {
        "linear" => (WarmupSchedule.Linear(4.5), new Ramp(4.5)),
        "exponential" => (WarmupSchedule.Exponential(3), new Saturating(3)),
        "untuned-linear" => (WarmupSchedule.UntunedLinear(beta2), new Ramp(2.0 / (1.0 - beta2))),
        "untuned-exponential" => (WarmupSchedule.UntunedExponential(beta2), new Saturating(1.0 / (1.0 - beta2))),
        "radam-zero" => (WarmupSchedule.RAdam(beta2), new RectificationRamp(beta2, 0)),
        "radam-constant" => (WarmupSchedule.RAdam(beta2, RAdamEarlySteps.Constant), new RectificationRamp(beta2, 1)),
        "radam-linear" => (WarmupSchedule.RAdam(beta2, RAdamEarlySteps.Linear), new RectificationRamp(beta2, 2)),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Linear warmup written as a user would (Ma and Yarats Eq. 5): omega_t = min(1, t / period).</summary>
    private sealed record Ramp(double Period) : WarmupSchedule
    {
        public override double Factor(long t)
        {
            CheckStep(t);
            return Math.Min(1.0, t / Period);
        }

        public override double EffectivePeriod() => (Period - 1) / 2;
    }

    /// <summary>Exponential warmup (Eq. 12): omega_t = 1 - exp(-t / tau), as -expm1(-t / tau).</summary>
    private sealed record Saturating(double Tau) : WarmupSchedule
    {
        public override double Factor(long t)
        {
            CheckStep(t);
            return -Numerics.ExpM1(-t / Tau);
        }

        public override double EffectivePeriod() => Tau;
    }

    /// <summary>RAdam's r_t as a warmup (Eq. 8) from the first step where rho_t &gt; 4; before it 0, r at that step, or a ramp to it.</summary>
    private sealed record RectificationRamp(double Beta2, int Early) : WarmupSchedule
    {
        public override double Factor(long t)
        {
            CheckStep(t);
            long first = 1;
            while (Rectification.Rho(first, Beta2) <= 4)
            {
                first++;
            }

            double atFirst = Rectification.Term(first, Beta2);
            return t >= first ? Rectification.Term(t, Beta2) : Early switch
            {
                1 => atFirst,
                2 => atFirst * t / first,
                _ => 0.0,
            };
        }

        public override double EffectivePeriod() => 0;
    }
}
