using Warmup.Core.Maths;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>RAdam against <see cref="RAdamReference"/>, the tests' own double-precision transcription of Algorithm 2.</summary>
public class RAdamMatchesAlgorithm2Tests
{
    private const double Lr = 1e-2;
    private const double Beta1 = 0.9;
    private const double Eps = 1e-8;
    private const double WeightDecay = 0.03;
    private static readonly long[][] Shapes = [[7, 3], [50], [1]];

    public static TheoryData<double, double, EarlyPhase, bool> Cases()
    {
        var data = new TheoryData<double, double, EarlyPhase, bool>();
        foreach (double beta2 in new[] { 0.7, 0.9, 0.99, 0.999 })
        {
            foreach (double threshold in new[] { 4.0, 5.0 })
            {
                foreach (var early in new[] { EarlyPhase.Momentum, EarlyPhase.Skip })
                {
                    foreach (bool decoupled in new[] { false, true })
                    {
                        data.Add(beta2, threshold, early, decoupled);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Float64 parameters take the tensor-op path, which must follow the reference to rounding at every one of 200
    /// steps: a switch to rectification one step early or late would show at that step.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64FollowsTheReferenceAtEveryStep(double beta2, double threshold, EarlyPhase early, bool decoupled)
    {
        var ps = Params.Create(11, ScalarType.Float64, Shapes);
        var refs = ps.Select(p => new RAdamReference(Params.Values(p))).ToArray();
        using var radam = Create(ps, beta2, threshold, early, decoupled);
        var rng = new Random(12);
        for (int step = 1; step <= 200; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            radam.step();
            for (int i = 0; i < ps.Length; i++)
            {
                refs[i].Step(Params.Values(ps[i].grad!), Lr, Beta1, beta2, Eps, WeightDecay, decoupled, threshold, early == EarlyPhase.Skip);
                var ours = Params.Values(ps[i]);
                for (int j = 0; j < ours.Length; j++)
                {
                    Assert.True(
                        Math.Abs(ours[j] - refs[i].Theta[j]) <= 1e-12 * Math.Max(1, Math.Abs(refs[i].Theta[j])),
                        $"step {step}, tensor {i}, element {j}: ours {ours[j]:R}, reference {refs[i].Theta[j]:R} (reference rectified: {refs[i].LastRectified})");
                }
            }
        }

        Assert.Equal(0, radam.LastStep.FusedTensors);
    }

    /// <summary>
    /// Float32 parameters take the fused kernel; after 200 steps they match the double reference to float32 accuracy.
    /// The bound is set by decoupled weight decay: its factor 1 - lr * wd is rounded to float32 once and applied at
    /// every step (as PyTorch does), a systematic relative drift of up to 200 * 2^-24 / 2 = 6e-6.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32FusedMatchesTheReferenceAfter200Steps(double beta2, double threshold, EarlyPhase early, bool decoupled)
    {
        var ps = Params.Create(11, ScalarType.Float32, Shapes);
        var refs = ps.Select(p => new RAdamReference(Params.Values(p))).ToArray();
        using var radam = Create(ps, beta2, threshold, early, decoupled);
        var rng = new Random(12);
        for (int step = 1; step <= 200; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            radam.step();
            for (int i = 0; i < ps.Length; i++)
            {
                refs[i].Step(Params.Values(ps[i].grad!), Lr, Beta1, beta2, Eps, WeightDecay, decoupled, threshold, early == EarlyPhase.Skip);
            }
        }

        Assert.Equal(ps.Length, radam.LastStep.FusedTensors);
        using var expected = new DisposableList(refs.Select((r, i) => tensor(r.Theta).reshape(ps[i].shape)));
        double diff = Params.MaxRelativeDifference(expected.Items, ps);
        Assert.True(diff <= 1e-5, $"max relative difference {diff:E3}");
    }

    /// <summary>
    /// The first rectified step, from Eq. 7 by hand: rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t) first exceeds the
    /// threshold at these t (e.g. beta2 = 0.7: rho_5 = 3.65, rho_6 = 4.07, rho_9 = 4.91, rho_10 = 5.09). The paper's
    /// threshold 4 gives step 5 for every beta2 &gt;= 0.8 (Fact 3.1); PyTorch's 5 gives step 6. At beta2 = 1 - 1e-6,
    /// rho_4 = 4 - 2.5e-6 (exact rational arithmetic), which the textbook formula computes as 4 + 6e-6.
    /// </summary>
    [Theory]
    [InlineData(0.7, 4.0, 6)]
    [InlineData(0.7, 5.0, 10)]
    [InlineData(0.9, 4.0, 5)]
    [InlineData(0.9, 5.0, 6)]
    [InlineData(0.99, 4.0, 5)]
    [InlineData(0.99, 5.0, 6)]
    [InlineData(0.999, 4.0, 5)]
    [InlineData(0.999, 5.0, 6)]
    [InlineData(0.999999, 4.0, 5)]
    [InlineData(0.999999, 5.0, 6)]
    public void SwitchesToTheRectifiedStepAtTheExactStep(double beta2, double threshold, int firstRectified)
    {
        Assert.Equal(firstRectified, Rectification.FirstStepAbove(threshold, beta2));

        // With a constant gradient of 1, m_hat = 1: a momentum step moves the parameter by exactly lr, a rectified
        // step by lr * r_t / (1 + eps) with r_t well below 1 in the first rectified steps.
        var p = new TorchSharp.Modules.Parameter(zeros(1, dtype: ScalarType.Float64));
        using var radam = new RAdam([p], new RAdamOptions { LearningRate = Lr, Beta2 = beta2, Threshold = threshold });
        double before = 0;
        for (int step = 1; step <= firstRectified; step++)
        {
            Params.Grad(p, () => ones(1, dtype: ScalarType.Float64));
            radam.step();
            double now = p.item<double>();
            double moved = before - now;
            before = now;
            if (step < firstRectified)
            {
                Assert.Equal(Lr, moved, 1e-15);
            }
            else
            {
                double r = Rectification.Term(step, beta2);
                Assert.True(r < 0.99, $"r_{step} = {r} would not tell the branches apart");
                Assert.Equal(Lr * r / (1 + Eps), moved, 1e-15);
            }
        }
    }

    private static RAdam Create(IEnumerable<TorchSharp.Modules.Parameter> ps, double beta2, double threshold, EarlyPhase early, bool decoupled) =>
        new(ps, new RAdamOptions
        {
            LearningRate = Lr,
            Beta1 = Beta1,
            Beta2 = beta2,
            Eps = Eps,
            WeightDecay = WeightDecay,
            DecoupledWeightDecay = decoupled,
            Threshold = threshold,
            EarlyPhase = early,
        });
}
