using Warmup.Core.Updates;
using Warmup.Experiments.Methods;
using static TorchSharp.torch;

namespace Warmup.Experiments.Tests.Methods;

/// <summary>
/// Each method's optimizer on a constant gradient c: Adam's bias-corrected moments are then m-hat = c and
/// v-hat = c^2 exactly, so a step moves every entry by lr_eff c / (|c| + eps), a closed form per method.
/// </summary>
public class MethodStepTests
{
    private const double Lr = 0.1;
    private const double Beta2 = 0.99;
    private static readonly float[] Gradient = [1f, -2f, 0.5f, 3f, -0.25f];

    public static TheoryData<string> AdamFamily => new()
    {
        "adam", "adam+linear:4", "adam+exp:3", "untuned-linear", "untuned-exp", "adam+radam-warmup", "adam+radam-warmup:linear", "adam-2k:3",

        // GI-Adam: v = c^2 from step 1 with no bias correction; update clipping: g^2 / v_hat = 1, so nothing is clipped.
        "gi-adam", "adam+update-clip",

        // Dynamic warmup's ramp, ungated: whatever the gradients, the rate follows its fixed geometric ramp.
        "geometric:6", "dynamic:0",
    };

    [Theory]
    [MemberData(nameof(AdamFamily))]
    public void AdamFamilyMovesByTheEffectiveLearningRate(string name)
    {
        var method = MethodSpec.Parse(name);
        var rates = new List<double>();
        var moves = Moves(method, steps: 12, rates);
        for (int t = 1; t <= moves.Count; t++)
        {
            double lr = rates[t - 1];
            for (int i = 0; i < Gradient.Length; i++)
            {
                double c = Gradient[i];
                double expected = -lr * c / (Math.Abs(c) + 1e-8);
                Assert.True(Math.Abs(moves[t - 1][i] - expected) <= (1e-5 * Math.Abs(expected)) + 1e-9, $"{name} step {t} entry {i}: moved {moves[t - 1][i]}, expected {expected}");
            }
        }
    }

    /// <summary>
    /// geometric:STEPS: 0 at step 1, 1 % of the rate at step 2, then the same factor of growth per step up to the full
    /// rate at step STEPS: 0.01 * 100^((t - 2) / (STEPS - 2)), written out.
    /// </summary>
    [Fact]
    public void GeometricRampReachesTheFullRateAtItsStep()
    {
        const int steps = 6;
        var rates = new List<double>();
        _ = Moves(MethodSpec.Parse($"geometric:{steps}"), steps: 9, rates);
        Assert.Equal(0.0, rates[0]);
        for (int t = 2; t <= 9; t++)
        {
            double expected = Lr * Math.Min(1.0, 0.01 * Math.Pow(100, (t - 2) / (double)(steps - 2)));
            Assert.Equal(expected, rates[t - 1], 1e-12 * Lr);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => MethodSpec.Parse("geometric:2").Create([], new Hyperparameters(Lr)));
    }

    [Fact]
    public void AdamEpsAddsEpsBeforeTheBiasCorrection()
    {
        // Liu et al. 3.1: psi-hat = sqrt(1 - b2^t) / (eps + sqrt(v_t)), v_t = (1 - b2^t) c^2 for a constant gradient,
        // so the move is lr c / (|c| + 1e-4 / sqrt(1 - b2^t)).
        var moves = Moves(MethodSpec.Parse("adam-eps"), steps: 12);
        for (int t = 1; t <= 12; t++)
        {
            double epsT = 1e-4 / Math.Sqrt(1 - Math.Pow(Beta2, t));
            for (int i = 0; i < Gradient.Length; i++)
            {
                double c = Gradient[i];
                double expected = -Lr * c / (Math.Abs(c) + epsT);
                Assert.Equal(expected, moves[t - 1][i], 1e-5 * Math.Abs(expected));
            }
        }
    }

    [Fact]
    public void RAdamTakesMomentumStepsThenRectifiedSteps()
    {
        var moves = Moves(MethodSpec.Parse("radam"), steps: 12);
        for (int t = 1; t <= 12; t++)
        {
            for (int i = 0; i < Gradient.Length; i++)
            {
                double c = Gradient[i];
                double expected = t <= 4 ? -Lr * c : -Lr * MethodSpecTests.R(t, Beta2) * c / (Math.Abs(c) + 1e-8);
                Assert.Equal(expected, moves[t - 1][i], 1e-5 * Math.Abs(expected));
            }
        }
    }

    [Fact]
    public void SgdMovesByItsMomentumBuffer()
    {
        var moves = Moves(MethodSpec.Parse("sgd:0.5"), steps: 6);
        for (int t = 1; t <= 6; t++)
        {
            double buffer = (1 - Math.Pow(0.5, t)) / 0.5; // 1 + 0.5 + ... + 0.5^(t-1), PyTorch's heavy-ball buffer
            for (int i = 0; i < Gradient.Length; i++)
            {
                Assert.Equal(-Lr * buffer * Gradient[i], moves[t - 1][i], 1e-5);
            }
        }
    }

    /// <summary>
    /// One step of SGD from p0 = 1 with gradient c: the L2 form moves by -lr (c + wd p0), the decoupled form gives
    /// (p0 - lr c) (1 - lr wd) (Loshchilov and Hutter's SGDW), each from its definition.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SgdWeightDecayIsL2OrDecoupled(bool decoupled)
    {
        const double wd = 0.2;
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(ones(Gradient.Length));
        using var c = tensor(Gradient);
        using var optimizer = MethodSpec.Parse("sgd:0.9").Create([p], new Hyperparameters(Lr, WeightDecay: wd, DecoupledWeightDecay: decoupled));
        optimizer.zero_grad();
        (p * c).sum().backward();
        optimizer.step();
        var after = p.data<float>().ToArray();
        for (int i = 0; i < Gradient.Length; i++)
        {
            double expected = decoupled ? (1 - (Lr * Gradient[i])) * (1 - (Lr * wd)) : 1 - (Lr * (Gradient[i] + wd));
            Assert.Equal(expected, after[i], 1e-6);
        }
    }

    /// <summary>
    /// adamw is adam with decoupled weight decay: 1e-2 by default (PyTorch's AdamW), else its argument; a run of it
    /// carries that decay in its hyperparameters, and refuses another beside it.
    /// </summary>
    [Theory]
    [InlineData("adamw", 0.01)]
    [InlineData("adamw:0.3", 0.3)]
    public void AdamwIsAdamWithDecoupledWeightDecay(string name, double decay)
    {
        var run = Training.TrainerTests.Small() with { Method = MethodSpec.Parse(name), LearningRate = Lr };
        Assert.Equal(new Hyperparameters(Lr, WeightDecay: decay, DecoupledWeightDecay: true), run.Hyperparameters);
        Assert.Equal((decay, true), (run.AppliedWeightDecay, run.AppliedDecoupledWeightDecay));
        run.Validate();
        Assert.Contains("adamw sets its own decoupled weight decay", Assert.Throws<ArgumentException>((run with { WeightDecay = 0.1 }).Validate).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>((run with { DecoupledWeightDecay = true }).Validate);

        double[] Step(MethodSpec method, Hyperparameters h)
        {
            using var scope = NewDisposeScope();
            var p = new TorchSharp.Modules.Parameter(ones(Gradient.Length));
            using var c = tensor(Gradient);
            using var optimizer = method.Create([p], h);
            optimizer.zero_grad();
            (p * c).sum().backward();
            optimizer.step();
            return [.. p.data<float>().ToArray().Select(x => (double)x)];
        }

        var adamw = Step(run.Method, run.Hyperparameters);
        Assert.Equal(Step(MethodSpec.Parse("adam"), new Hyperparameters(Lr, WeightDecay: decay, DecoupledWeightDecay: true)), adamw);
        Assert.NotEqual(Step(MethodSpec.Parse("adam"), new Hyperparameters(Lr)), adamw);
    }

    /// <summary>
    /// The low-bit methods are AdamW (decoupled decay, 1e-2 by default) with the named state format on a tensor large
    /// enough to take it, and the untuned forms warm up as untuned-linear does.
    /// </summary>
    [Theory]
    [InlineData("adamw+untuned-linear", StateFormat.Float32, true)]
    [InlineData("adamw-bf16", StateFormat.BFloat16, false)]
    [InlineData("adamw-bf16+untuned-linear", StateFormat.BFloat16, true)]
    [InlineData("adamw-8bit", StateFormat.Int8Blockwise, false)]
    [InlineData("adamw-8bit+untuned-linear", StateFormat.Int8Blockwise, true)]
    public void LowBitMethodsAreAdamWInTheirFormat(string name, StateFormat format, bool warmup)
    {
        var run = Training.TrainerTests.Small() with { Method = MethodSpec.Parse(name), LearningRate = Lr };
        Assert.Equal(new Hyperparameters(Lr, WeightDecay: 0.01, DecoupledWeightDecay: true), run.Hyperparameters);
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(ones(StateFormats.MinimumElements));
        using var optimizer = (Warmup.Torch.Optim.AdaptiveOptimizer)run.Method.Create([p], run.Hyperparameters);
        p.grad = ones(StateFormats.MinimumElements);
        optimizer.step();
        Assert.Equal(format, optimizer.StateOf(p).Format);
        double expected = warmup ? Lr * (1 - run.Beta2) / 2 : Lr;   // Ma & Yarats: omega_t = min(1, t (1 - beta2) / 2), at t = 1
        Assert.Equal(expected, optimizer.LastStep.LearningRate, 12);
    }

    /// <summary>
    /// Every method's optimizer is one of ours: TorchSharp's built-in optimizers create Scalars they do not keep alive
    /// during native calls, which the analyzer cannot see through the base type the trainer calls.
    /// </summary>
    [Theory]
    [InlineData("adam")]
    [InlineData("adam+linear:5")]
    [InlineData("untuned-exp")]
    [InlineData("radam")]
    [InlineData("adam+radam-warmup:constant")]
    [InlineData("adam-2k:3")]
    [InlineData("adam-eps")]
    [InlineData("sgd")]
    [InlineData("sgd:0")]
    public void EveryMethodsOptimizerIsOneOfOurs(string name)
    {
        using var p = new TorchSharp.Modules.Parameter(zeros(3));
        foreach (var decoupled in new[] { false, true })
        {
            using var optimizer = MethodSpec.Parse(name).Create([p], new Hyperparameters(Lr, WeightDecay: 0.1, DecoupledWeightDecay: decoupled));
            Assert.StartsWith("Warmup.", optimizer.GetType().Assembly.GetName().Name, StringComparison.Ordinal);
        }
    }

    // The moves of each step; with rates, the rate the optimizer says each step applied.
    private static List<double[]> Moves(MethodSpec method, int steps, List<double>? rates = null)
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(zeros(Gradient.Length, dtype: ScalarType.Float64).to_type(ScalarType.Float32));
        using var c = tensor(Gradient);
        using var optimizer = method.Create([p], new Hyperparameters(Lr, Beta2: Beta2));
        var moves = new List<double[]>();
        for (int t = 1; t <= steps; t++)
        {
            var before = p.data<float>().ToArray();
            optimizer.zero_grad();
            (p * c).sum().backward();
            optimizer.step();
            rates?.Add(((Warmup.Torch.Optim.AdaptiveOptimizer)optimizer).LastStep.LearningRate);
            var after = p.data<float>().ToArray();
            moves.Add(after.Zip(before, (a, b) => (double)a - b).ToArray());
        }

        return moves;
    }
}
