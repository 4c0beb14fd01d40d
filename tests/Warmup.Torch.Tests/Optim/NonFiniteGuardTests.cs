using TorchSharp.Modules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary><see cref="AdaptiveOptimizer.SkipNonFiniteSteps"/>: a step with a NaN or infinite gradient changes nothing.</summary>
public class NonFiniteGuardTests
{
    public static TheoryData<string, ScalarType, double> Cases()
    {
        var data = new TheoryData<string, ScalarType, double>();
        foreach (var c in OptimizerCase.All)
        {
            data.Add(c.Name, ScalarType.Float32, double.NaN);
            data.Add(c.Name, ScalarType.Float64, double.PositiveInfinity);
        }

        data.Add("adam", ScalarType.Float32, double.NegativeInfinity);
        data.Add("radam-t4-momentum", ScalarType.Float64, double.NaN);
        return data;
    }

    /// <summary>
    /// The guarded optimizer skips the bad step and then continues bit-identically to one that never saw it (its fused
    /// chunks run last to first, a 70,000-element parameter has three).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ABadStepIsSkippedWholeAndTrainingContinuesAsIfItNeverHappened(string name, ScalarType badDtype, double bad)
    {
        var c = OptimizerCase.Get(name);
        var a = Params.Create(301, ScalarType.Float32, [70_000], [7]).Concat(Params.Create(302, ScalarType.Float64, [6])).ToArray();
        var b = Params.Clone(a);
        using var guarded = c.Create(a);
        using var reference = c.Create(b);
        guarded.SkipNonFiniteSteps = true;
        var rng = new Random(303);
        for (int step = 0; step < 3; step++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            guarded.step();
            reference.step();
        }

        Params.SetGradients(rng, 1.0, a);
        int victim = badDtype == ScalarType.Float64 ? 2 : 0;
        Poison(a[victim], 5, bad);
        var before = StateSnapshot.Of(guarded, a);
        guarded.step();
        Assert.True(guarded.LastStep.Skipped);
        Assert.Equal(1, guarded.LastStep.NonFiniteTensors);
        Assert.Equal(1, guarded.SkippedSteps);
        Assert.True(StateSnapshot.Equal(before, StateSnapshot.Of(guarded, a)));

        for (int step = 0; step < 4; step++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            guarded.step();
            reference.step();
        }

        Assert.False(guarded.LastStep.Skipped);
        Assert.True(StateSnapshot.Equal(StateSnapshot.Of(reference, b), StateSnapshot.Of(guarded, a)));
    }

    /// <summary>Every position of a multi-chunk gradient, so every SIMD lane, tail and chunk of the parallel check is hit.</summary>
    [Fact]
    public void ANaNAnywhereInALargeGradientIsFound()
    {
        var ps = Params.Create(304, ScalarType.Float32, [100_003]);
        using var adam = new Adam(ps) { SkipNonFiniteSteps = true };
        foreach (int at in new[] { 0, 7, 8, 32_767, 32_768, 65_536, 100_000, 100_002 })
        {
            Params.SetGradients(new Random(at), 1.0, ps);
            Poison(ps[0], at, double.NaN);
            adam.step();
            Assert.True(adam.LastStep.Skipped, $"NaN at {at} not found");
        }

        Params.SetGradients(new Random(305), 1.0, ps);
        adam.step();
        Assert.False(adam.LastStep.Skipped);
        Assert.Equal(1, adam.StateOf(ps[0]).Step);
    }

    /// <summary>Off by default: a NaN gradient then poisons the parameter, as in PyTorch.</summary>
    [Fact]
    public void WithoutTheGuardANaNPoisonsTheParameter()
    {
        var ps = Params.Create(306, ScalarType.Float32, [4]);
        using var adam = new Adam(ps);
        Params.SetGradients(new Random(307), 1.0, ps);
        Poison(ps[0], 1, double.NaN);
        adam.step();
        Assert.False(adam.LastStep.Skipped);
        Assert.True(double.IsNaN(Params.Values(ps[0])[1]));
    }

    private static void Poison(Parameter p, long index, double value)
    {
        using var scope = NewDisposeScope();
        using var grad = p.grad!;
        var values = Params.Values(grad);
        values[index] = value;
        var g = tensor(values, dtype: ScalarType.Float64).reshape(p.shape).to_type(p.dtype);
        p.grad = g;
        GC.KeepAlive(g);
    }
}
