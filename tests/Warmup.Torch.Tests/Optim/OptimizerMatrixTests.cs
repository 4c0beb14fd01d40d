using TorchSharp.Modules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// The properties PyTorch's test/test_optim.py checks for every optimizer, run for every configuration in
/// <see cref="OptimizerCase.All"/>.
/// </summary>
public class OptimizerMatrixTests
{
    public static TheoryData<string> Cases() => OptimizerCase.Names();

    /// <summary>7 steps (RAdam switches at 5 or 6); parameter 1 has no gradient at step 2, parameter 3 is frozen from step 3, parameter 2 is empty.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedAndTensorOpPathsAgreeWithMissingFrozenAndEmptyParameters(string name)
    {
        var c = OptimizerCase.Get(name);
        long[][] shapes = [[8, 5], [13], [0], [37], [1]];
        var a = Params.Create(101, ScalarType.Float32, shapes);
        var b = Params.Clone(a);
        using var fused = c.Create(a);
        using var ops = c.Create(b);
        ops.UseFusedKernel = false;
        var rng = new Random(102);
        for (int step = 1; step <= 7; step++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            if (step == 2)
            {
                a[1].grad = null;
                b[1].grad = null;
            }

            if (step >= 3)
            {
                a[3].grad = null;
                b[3].grad = null;
            }

            fused.step();
            ops.step();
        }

        Assert.Equal((4, 0, 1), (fused.LastStep.FusedTensors, fused.LastStep.TensorOpTensors, fused.LastStep.WithoutGradient));
        Assert.Equal((0, 4, 1), (ops.LastStep.FusedTensors, ops.LastStep.TensorOpTensors, ops.LastStep.WithoutGradient));
        Assert.Equal([7L, 6, 7, 2, 7], a.Select(p => fused.StateOf(p).Step));
        Assert.Equal([7L, 6, 7, 2, 7], b.Select(p => ops.StateOf(p).Step));
        double diff = Params.MaxRelativeDifference(a, b);
        Assert.True(diff <= 1e-6, $"max relative difference {diff:E3}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AGroupWithLearningRate1e28StaysPutWhileTheOtherMoves(string name)
    {
        var c = OptimizerCase.Get(name);
        var tiny = Params.Create(103, ScalarType.Float32, [6, 4], [4]);
        var normal = Params.Create(104, ScalarType.Float32, [9]);
        var before = tiny.Concat(normal).Select(StateSnapshot.Bytes).ToList();
        using var optimizer = c.CreateGroups([tiny, normal], [1e-28, 1e-2]);
        var rng = new Random(105);
        for (int step = 0; step < 8; step++)
        {
            Params.SetGradients(rng, 1.0, [.. tiny, .. normal]);
            optimizer.step();
        }

        Assert.Equal(before[0], StateSnapshot.Bytes(tiny[0]));
        Assert.Equal(before[1], StateSnapshot.Bytes(tiny[1]));
        Assert.NotEqual(before[2], StateSnapshot.Bytes(normal[0]));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AStepWithoutGradientsChangesNothing(string name)
    {
        var c = OptimizerCase.Get(name);
        var ps = Params.Create(106, ScalarType.Float32, [5, 3], [3]);
        using var optimizer = c.Create(ps);
        var rng = new Random(107);
        for (int step = 0; step < 3; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            optimizer.step();
        }

        foreach (var p in ps)
        {
            p.grad = null;
        }

        var state = Checkpoint.Bytes(optimizer);
        var values = ps.Select(StateSnapshot.Bytes).ToList();
        optimizer.step();
        Assert.Equal((0, 0, 2), (optimizer.LastStep.FusedTensors, optimizer.LastStep.TensorOpTensors, optimizer.LastStep.WithoutGradient));
        Assert.Equal(state, Checkpoint.Bytes(optimizer));
        Assert.Equal(values, ps.Select(StateSnapshot.Bytes));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSavedStateIsDeterministic(string name)
    {
        var c = OptimizerCase.Get(name);
        var a = Params.Create(108, ScalarType.Float32, [4, 4], [2]);
        var b = Params.Clone(a);
        using var first = c.Create(a);
        using var second = c.Create(b);
        var rng = new Random(109);
        for (int step = 0; step < 4; step++)
        {
            Params.SetGradients(rng, 1.0, a, b);
            first.step();
            second.step();
        }

        Assert.Equal(Checkpoint.Bytes(first), Checkpoint.Bytes(first));
        Assert.Equal(Checkpoint.Bytes(first), Checkpoint.Bytes(second));
    }

    public static TheoryData<string, bool> ResumeCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in OptimizerCase.All)
        {
            data.Add(c.Name, true);
            data.Add(c.Name, false);
        }

        return data;
    }

    /// <summary>Saved after 5 steps (mid-switch for RAdam, mid-warmup, inside Adam-2k's frozen steps), loaded into a new optimizer, 5 more: bit-identical to 10 straight.</summary>
    [Theory]
    [MemberData(nameof(ResumeCases))]
    public void SaveAndLoadMidRunContinuesBitIdentically(string name, bool throughStream)
    {
        var c = OptimizerCase.Get(name);
        var straight = Params.Create(110, ScalarType.Float32, [6, 5], [5]);
        var interrupted = Params.Clone(straight);
        using var a = c.Create(straight);
        using var b = c.Create(interrupted);
        var rng = new Random(111);
        for (int step = 0; step < 5; step++)
        {
            Params.SetGradients(rng, 1.0, straight, interrupted);
            a.step();
            b.step();
        }

        var resumed = Params.Clone(interrupted);
        using var r = c.Create(resumed);
        if (throughStream)
        {
            Checkpoint.Load(r, Checkpoint.Bytes(b));
        }
        else
        {
            r.load_state_dict(b.state_dict());
        }

        for (int step = 0; step < 5; step++)
        {
            Params.SetGradients(rng, 1.0, straight, resumed);
            a.step();
            r.step();
        }

        Assert.True(Params.BitIdentical(straight, resumed));
        Assert.Equal(Checkpoint.Bytes(a), Checkpoint.Bytes(r));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ANonContiguousParameterFollowsItsContiguousTwin(string name)
    {
        var c = OptimizerCase.Get(name);
        using var scope = NewDisposeScope();
        var values = Params.Normal(new Random(112), [5, 7], ScalarType.Float32);
        var strided = new Parameter(values.t().contiguous().t()); // [5, 7] with the strides of a transpose
        var plain = new Parameter(values.clone());
        Assert.False(strided.is_contiguous());
        using var a = c.Create([strided]);
        using var b = c.Create([plain]);
        var rng = new Random(113);
        for (int step = 0; step < 7; step++)
        {
            var g = Params.Normal(rng, [5, 7], ScalarType.Float32);
            var gs = g.t().contiguous().t();
            strided.grad = gs;
            plain.grad = g;
            GC.KeepAlive(gs);
            a.step();
            b.step();
        }

        Assert.Equal((0, 1, 0), (a.LastStep.FusedTensors, a.LastStep.TensorOpTensors, a.LastStep.WithoutGradient));
        double diff = Params.MaxRelativeDifference([strided], [plain]);
        Assert.True(diff <= 1e-6, $"max relative difference {diff:E3}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DuplicateParametersAreRejected(string name)
    {
        var c = OptimizerCase.Get(name);
        var ps = Params.Create(114, ScalarType.Float32, [3], [2]);
        Assert.Throws<ArgumentException>(() => c.Create([ps[0], ps[1], ps[0]]));
        Assert.Throws<ArgumentException>(() => c.CreateGroups([[ps[0]], [ps[1], ps[0]]]));
    }
}
