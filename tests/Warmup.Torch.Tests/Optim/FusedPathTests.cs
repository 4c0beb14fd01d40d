using TorchSharp.Modules;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>The fused SIMD path against the tensor-op path, and the choice between them.</summary>
public class FusedPathTests
{
    public static TheoryData<string> Kinds() => ["adam-amsgrad", "adamw", "radam-momentum", "radam-skip"];

    private static IEnumerable<int> AllLengths => Enumerable.Range(0, 257);

    /// <summary>Every length 0..256 (all SIMD tails) and one large multi-chunk tensor, 12 steps through rectification.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void FusedAgreesWithTensorOpsForEveryLengthAndALargeTensor(string kind)
    {
        long[][] shapes = [.. AllLengths.Select(n => new long[] { n }), [1_000_003]];
        var fusedParams = Params.Create(31, ScalarType.Float32, shapes);
        var opsParams = Params.Clone(fusedParams);
        using var fused = Create(kind, fusedParams);
        using var ops = Create(kind, opsParams);
        ops.UseFusedKernel = false;
        var rng = new Random(32);
        for (int step = 0; step < 12; step++)
        {
            Params.SetGradients(rng, 0.5, fusedParams, opsParams);
            fused.step();
            ops.step();
        }

        Assert.Equal(shapes.Length, fused.LastStep.FusedTensors);
        Assert.Equal(shapes.Length, ops.LastStep.TensorOpTensors);
        double diff = Params.MaxRelativeDifference(opsParams, fusedParams);
        Assert.True(diff <= 1e-6, $"max relative difference {diff:E3}");
    }

    /// <summary>
    /// The same steps with libtorch on 1 to 4 threads (so 1 to 4 lanes, on its OpenMP team) and the optimizer capped
    /// at 1 or 2 threads are bit-identical to the single-threaded ones.
    /// </summary>
    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    public void ResultsDoNotDependOnTheThreadCount(int torchThreads, int maxThreads)
    {
        var one = Params.Create(33, ScalarType.Float32, [3_000_001], [517], [70_001]);
        var many = Params.Clone(one);
        using var a = new AdamW(one) { MaxThreads = 1 };
        using var b = new AdamW(many) { MaxThreads = maxThreads };
        var rng = new Random(34);
        int before = get_num_threads();
        try
        {
            for (int step = 0; step < 5; step++)
            {
                Params.SetGradients(rng, 1.0, one, many);
                set_num_threads(1);
                a.step();
                set_num_threads(torchThreads);
                b.step();
            }
        }
        finally
        {
            set_num_threads(before);
        }

        Assert.True(Params.BitIdentical(one, many));
    }

    [Fact]
    public void Float64AndNonContiguousParametersTakeTheTensorOpPath()
    {
        var f64 = new Parameter(ones(5, 4, dtype: ScalarType.Float64));
        var transposed = new Parameter(ones(4, 6).t());
        var plain = new Parameter(ones(8));
        Assert.False(transposed.is_contiguous());
        using var adam = new Adam([f64, transposed, plain]);
        Params.Grad(f64, () => ones(5, 4, dtype: ScalarType.Float64));
        Params.Grad(transposed, () => ones(4, 6).t());
        Params.Grad(plain, () => ones(8));
        adam.step();
        Assert.Equal((1, 2, 0), (adam.LastStep.FusedTensors, adam.LastStep.TensorOpTensors, adam.LastStep.WithoutGradient));

        // All three got the same first Adam step: lr * g / (|g| + eps / sqrt(1 - beta2)) ~ lr.
        foreach (var p in new[] { f64, transposed, plain })
        {
            Assert.All(Params.Values(p), x => Assert.Equal(1 - 1e-3, x, 1e-7));
        }
    }

    [Fact]
    public void ParametersWithoutGradientAreSkippedAndNotCounted()
    {
        var a = new Parameter(ones(3));
        var b = new Parameter(ones(3));
        using var radam = new RAdam([a, b]);
        Params.Grad(a, () => ones(3));
        radam.step();
        Assert.Equal((1, 0, 1), (radam.LastStep.FusedTensors, radam.LastStep.TensorOpTensors, radam.LastStep.WithoutGradient));
        Assert.Equal(1, radam.StateOf(a).Step);
        Assert.Equal(0, radam.StateOf(b).Step);
        Assert.Equal(new float[] { 1, 1, 1 }, b.data<float>().ToArray());
    }

    [Fact]
    public void AmsGradSwitchedOnMidTrainingStartsItsMaximumFromV()
    {
        var ps = Params.Create(35, ScalarType.Float32, [300]);
        using var adam = new Adam(ps);
        var rng = new Random(36);
        Params.SetGradients(rng, 1.0, ps);
        adam.step();
        Assert.Null(adam.StateOf(ps[0]).MaxExpAvgSq);

        adam.Groups[0].Options.AmsGrad = true;
        Params.SetGradients(rng, 1.0, ps);
        adam.step();
        var state = adam.StateOf(ps[0]);
        Assert.NotNull(state.MaxExpAvgSq);
        Assert.Equal(Params.Values(state.ExpAvgSq), Params.Values(state.MaxExpAvgSq));

        adam.Groups[0].Options.AmsGrad = false;
        adam.step();
        Assert.Null(adam.StateOf(ps[0]).MaxExpAvgSq);
    }

    private static AdaptiveOptimizer Create(string kind, IEnumerable<Parameter> ps) => kind switch
    {
        "adam-amsgrad" => new Adam(ps, new AdamOptions { LearningRate = 1e-2, WeightDecay = 1e-2, AmsGrad = true }),
        "adamw" => new AdamW(ps, new AdamOptions { LearningRate = 1e-2, Beta2 = 0.99 }),
        "radam-momentum" => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Beta2 = 0.9, EarlyPhase = EarlyPhase.Momentum }),
        "radam-skip" => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Beta2 = 0.9, EarlyPhase = EarlyPhase.Skip, WeightDecay = 0.1, DecoupledWeightDecay = true }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
