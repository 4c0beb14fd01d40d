using TorchSharp.Modules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>A step that throws leaves every parameter, moment and step counter exactly as before.</summary>
public class AtomicStepTests
{
    public static TheoryData<string> Cases() => OptimizerCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void AWrongShapeGradientInTheSecondGroupChangesNothing(string name)
    {
        var c = OptimizerCase.Get(name);
        var first = Params.Create(201, ScalarType.Float32, [4, 3], [3]);
        var second = Params.Create(202, ScalarType.Float64, [5], [2, 2]);
        using var optimizer = c.CreateGroups([first, second]);
        var rng = new Random(203);
        for (int step = 0; step < 3; step++)
        {
            Params.SetGradients(rng, 1.0, [.. first, .. second]);
            optimizer.step();
        }

        Params.SetGradients(rng, 1.0, [.. first, .. second]);
        using (var wrong = zeros(4, dtype: ScalarType.Float64))
        {
            second[1].grad = wrong;
        }

        var before = Snapshot(optimizer, [.. first, .. second]);
        var e = Assert.Throws<ArgumentException>(() => optimizer.step());
        Assert.Contains("shape [4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("group 1", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(optimizer, [.. first, .. second])));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AGradientOfAnotherDtypeChangesNothing(string name)
    {
        var c = OptimizerCase.Get(name);
        var ps = Params.Create(204, ScalarType.Float32, [3], [6]);
        using var optimizer = c.Create(ps);
        Params.SetGradients(new Random(205), 1.0, ps);
        using (var wrong = ones(6, dtype: ScalarType.Float64))
        {
            ps[1].grad = wrong;
        }

        var before = Snapshot(optimizer, ps);
        var e = Assert.Throws<ArgumentException>(() => optimizer.step());
        Assert.Contains("Float64 gradient", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(optimizer, ps)));
    }

    /// <summary>Before: group 0's AMSGrad buffer was created before group 1's options were checked.</summary>
    [Fact]
    public void AmsGradSwitchedOnInAGroupBeforeAnInvalidGroupChangesNothing()
    {
        var a = Params.Create(206, ScalarType.Float32, [3]);
        var b = Params.Create(207, ScalarType.Float32, [2]);
        using var adam = new Adam([new AdaptiveParamGroup<AdamOptions>(a), new AdaptiveParamGroup<AdamOptions>(b)]);
        Params.SetGradients(new Random(208), 1.0, [.. a, .. b]);
        adam.step();
        adam.Groups[0].Options.AmsGrad = true;
        adam.Groups[1].Options.LearningRate = -1.0;
        var before = Snapshot(adam, [.. a, .. b]);
        var e = Assert.Throws<ArgumentException>(() => adam.step());
        Assert.Equal("LearningRate", e.ParamName);
        Assert.Null(adam.StateOf(a[0]).MaxExpAvgSq);
        Assert.True(StateSnapshot.Equal(before, Snapshot(adam, [.. a, .. b])));
    }

    private static List<byte[]> Snapshot(AdaptiveOptimizer optimizer, Parameter[] ps) =>
        [.. StateSnapshot.Of(optimizer, ps), Checkpoint.Bytes(optimizer)];
}
