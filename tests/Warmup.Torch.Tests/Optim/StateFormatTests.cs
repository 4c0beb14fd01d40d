using TorchSharp;
using TorchSharp.Modules;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// Moments stored in bfloat16 or 8-bit blocks (<see cref="AdaptiveOptions.StateFormat"/>), for every case of the
/// optimizer matrix that can use them (AMSGrad cannot): the update stays near float32's, a checkpoint keeps the format and
/// resumes bit for bit, small tensors keep float32, and what cannot work is refused without changing anything.
/// </summary>
public class StateFormatTests
{
    private static readonly StateFormat[] LowBit = [StateFormat.BFloat16, StateFormat.Int8Blockwise];

    // 64 x 80 = 5,120 elements (3 blocks of 2,048, the last partial) take the format; 13 and 4,095 stay float32.
    private static readonly long[][] Shapes = [[64, 80], [13], [4_095]];

    public static TheoryData<string, StateFormat> Cases()
    {
        var data = new TheoryData<string, StateFormat>();
        foreach (var c in OptimizerCase.All.Where(c => !c.KeepsMaximum))
        {
            foreach (var f in LowBit)
            {
                data.Add(c.Name, f);
            }
        }

        return data;
    }

    /// <summary>
    /// 30 steps against the same optimizer with float32 state. The large tensor's weights end away from float32's by a
    /// small fraction of how far they moved, both as L2 norms. Each step's update carries the state's relative rounding
    /// error, and with these noise gradients the moves add up like a random walk, so the ratio is about that error's RMS:
    /// bfloat16 rounds to 2^-9 (bound 1 %); 8-bit codes have 3 mantissa bits for m (error up to 2^-4, RMS about 3.6 %) and
    /// 4 for sqrt(v), more below 2^-7 of the block's largest where codes thin out (bound 10 %). The tensors under the size
    /// threshold are bit-identical to float32's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ALowBitStateFollowsFloat32AndSmallTensorsKeepIt(string name, StateFormat format)
    {
        var c = OptimizerCase.Get(name);
        var start = Params.Create(501, ScalarType.Float32, Shapes);
        var exact = Params.Clone(start);
        var low = Params.Clone(start);
        using var reference = c.Create(exact);
        using var optimizer = c.In(format).Create(low);
        var rng = new Random(502);
        for (int step = 0; step < 30; step++)
        {
            Params.SetGradients(rng, 1.0, exact, low);
            reference.step();
            optimizer.step();
        }

        Assert.Equal([format, StateFormat.Float32, StateFormat.Float32], low.Select(p => optimizer.StateOf(p).Format));
        Assert.Equal(format == StateFormat.BFloat16 ? ScalarType.BFloat16 : ScalarType.Byte, optimizer.StateOf(low[0]).ExpAvg.dtype);
        double moved = Norm(exact[0], start[0]);
        double off = Norm(low[0], exact[0]);
        double bound = format == StateFormat.BFloat16 ? 0.01 : 0.10;
        Assert.True(moved > 0, "the large tensor did not move");
        Assert.True(off <= bound * moved, $"{format}: {off:E3} from float32's weights after moving {moved:E3} (bound {bound:P0})");
        Assert.True(Params.BitIdentical(exact[1..], low[1..]), "a tensor under the threshold is not float32's");
    }

    /// <summary>Saved after 5 steps in the format (through bytes and in memory), loaded into a new optimizer, 5 more: bit-identical to 10 straight, format and scales included.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ACheckpointKeepsTheFormatAndResumesBitForBit(string name, StateFormat format)
    {
        var c = OptimizerCase.Get(name).In(format);
        foreach (bool throughBytes in new[] { true, false })
        {
            var straight = Params.Create(503, ScalarType.Float32, Shapes);
            var interrupted = Params.Clone(straight);
            using var a = c.Create(straight);
            using var b = c.Create(interrupted);
            var rng = new Random(504);
            for (int step = 0; step < 5; step++)
            {
                Params.SetGradients(rng, 1.0, straight, interrupted);
                a.step();
                b.step();
            }

            var resumed = Params.Clone(interrupted);
            using var r = c.Create(resumed);
            if (throughBytes)
            {
                Checkpoint.Load(r, Checkpoint.Bytes(b));
            }
            else
            {
                r.load_state_dict(b.state_dict());
            }

            Assert.Equal(format, r.StateOf(resumed[0]).Format);
            for (int step = 0; step < 5; step++)
            {
                Params.SetGradients(rng, 1.0, straight, resumed);
                a.step();
                r.step();
            }

            Assert.True(StateSnapshot.Equal(StateSnapshot.Of(a, straight), StateSnapshot.Of(r, resumed)), $"through bytes: {throughBytes}");
        }
    }

    /// <summary>A float32 checkpoint loads into an 8-bit optimizer (converted at its first step), and ConvertState goes both ways with the format's error only.</summary>
    [Theory]
    [InlineData(StateFormat.BFloat16, 1.0 / 256)]
    [InlineData(StateFormat.Int8Blockwise, 1.0 / 8)]
    public void Float32StateConvertsToAFormatAndBack(StateFormat format, double relative)
    {
        var ps = Params.Create(505, ScalarType.Float32, [96, 64]);
        using var full = new AdamW(ps);
        var rng = new Random(506);
        for (int step = 0; step < 4; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            full.step();
        }

        using var m0 = full.StateOf(ps[0]).ExpAvg.clone();
        using var v0 = full.StateOf(ps[0]).ExpAvgSq.clone();
        var copy = Params.Clone(ps);
        using var low = new AdamW(copy, new AdamOptions { StateFormat = format });
        Checkpoint.Load(low, Checkpoint.Bytes(full));
        Assert.Equal(StateFormat.Float32, low.StateOf(copy[0]).Format);   // as loaded; the next step converts it
        low.ConvertState(format);
        Assert.Equal(format, low.StateOf(copy[0]).Format);
        var (m, v) = low.StateOf(copy[0]).Float32Moments();
        using (m)
        using (v)
        {
            // Elementwise against the largest of the tensor: 8-bit codes are relative to their block's largest.
            Assert.True(MaxError(m, m0) <= relative * MaxAbs(m0), $"m: {MaxError(m, m0):E3}");
            Assert.True(MaxError(v, v0) <= 2 * relative * MaxAbs(v0), $"v: {MaxError(v, v0):E3}");
        }

        low.ConvertState(StateFormat.Float32);
        Assert.Equal(StateFormat.Float32, low.StateOf(copy[0]).Format);
        Assert.Equal(ScalarType.Float32, low.StateOf(copy[0]).ExpAvg.dtype);
        Assert.Null(low.StateOf(copy[0]).ExpAvgScales);
    }

    [Fact]
    public void AmsGradWithALowBitFormatIsRefusedAndConvertingItChangesNothing()
    {
        var ps = Params.Create(507, ScalarType.Float32, [80, 64]);
        var e = Assert.Throws<ArgumentException>(() => new Adam(ps, new AdamOptions { AmsGrad = true, StateFormat = StateFormat.Int8Blockwise }));
        Assert.Contains("AMSGrad", e.Message, StringComparison.Ordinal);
        using var adam = new Adam(ps, new AdamOptions { AmsGrad = true });
        Params.SetGradients(new Random(508), 1.0, ps);
        adam.step();
        var before = StateSnapshot.Of(adam, ps);
        Assert.Throws<ArgumentException>(() => adam.ConvertState(StateFormat.BFloat16));
        Assert.True(StateSnapshot.Equal(before, StateSnapshot.Of(adam, ps)));
        Assert.Equal(StateFormat.Float32, adam.StateOf(ps[0]).Format);
    }

    /// <summary>A parameter the fused kernel cannot take (float64, non-contiguous, or the kernel turned off) is refused at the step, naming it; nothing changes.</summary>
    [Theory]
    [InlineData("float64")]
    [InlineData("non-contiguous")]
    [InlineData("kernel off")]
    public void AParameterTheKernelCannotTakeIsRefused(string why)
    {
        var ps = why == "float64" ? Params.Create(509, ScalarType.Float64, [80, 64]) : Params.Create(509, ScalarType.Float32, [80, 64]);
        if (why == "non-contiguous")
        {
            using var scope = NewDisposeScope();
            var t = new Parameter(ps[0].detach().t().contiguous().t());   // column-major: the transposed view of a transposed copy
            t.DetachFromDisposeScope();
            ps = [t];
        }

        using var adam = new Adam(ps, new AdamOptions { StateFormat = StateFormat.BFloat16 }) { UseFusedKernel = why != "kernel off" };
        Params.SetGradients(new Random(510), 1.0, ps);
        var before = StateSnapshot.Bytes(ps[0]);
        var e = Assert.Throws<ArgumentException>(() => adam.step());
        Assert.Contains("StateFormat = BFloat16 needs the fused kernel", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateSnapshot.Bytes(ps[0]));
        Assert.Equal(0, adam.StateOf(ps[0]).Step);
    }

    /// <summary>With the non-finite guard on, a step whose gradient holds NaN changes nothing, codes and scales included.</summary>
    [Theory]
    [InlineData(StateFormat.BFloat16)]
    [InlineData(StateFormat.Int8Blockwise)]
    public void TheNonFiniteGuardKeepsLowBitStateAsItWas(StateFormat format)
    {
        var ps = Params.Create(515, ScalarType.Float32, [80, 64], [13]);
        using var adam = new AdamW(ps, new AdamOptions { StateFormat = format }) { SkipNonFiniteSteps = true };
        var rng = new Random(516);
        Params.SetGradients(rng, 1.0, ps);
        adam.step();
        var before = StateSnapshot.Of(adam, ps);
        Params.SetGradients(rng, 1.0, ps);
        using (var nan = float.NaN.ToScalar())
        using (var row = tensor(new long[] { 7 }))
        {
            Params.Grad(ps[0], () => ps[0].grad!.clone().index_fill_(0, row, nan));
        }

        adam.step();
        Assert.True(adam.LastStep.Skipped);
        Assert.True(StateSnapshot.Equal(before, StateSnapshot.Of(adam, ps)));
    }

    /// <summary>The same steps on 1 and on 2 threads (the blocks split across lanes) give the same bytes, codes and scales included.</summary>
    [Theory]
    [InlineData(StateFormat.BFloat16)]
    [InlineData(StateFormat.Int8Blockwise)]
    public void ResultsDoNotDependOnTheThreadCount(StateFormat format)
    {
        var one = Params.Create(511, ScalarType.Float32, [300_001], [5_000], [70_001]);
        var two = Params.Clone(one);
        var options = new AdamOptions { StateFormat = format, WeightDecay = 0.01 };
        using var a = new AdamW(one, options) { MaxThreads = 1 };
        using var b = new AdamW(two, options) { MaxThreads = 2 };
        var rng = new Random(512);
        int before = get_num_threads();
        try
        {
            set_num_threads(2);
            for (int step = 0; step < 4; step++)
            {
                Params.SetGradients(rng, 1.0, one, two);
                a.step();
                b.step();
            }
        }
        finally
        {
            set_num_threads(before);
        }

        Assert.True(StateSnapshot.Equal(StateSnapshot.Of(a, one), StateSnapshot.Of(b, two)));
    }

    /// <summary>The state's bytes, counted from the tensors: 8 per element in float32, 4 in bfloat16, 2 plus 8 per 2,048-element block in 8-bit.</summary>
    [Theory]
    [InlineData(StateFormat.Float32, 8 * 20_000)]
    [InlineData(StateFormat.BFloat16, 4 * 20_000)]
    [InlineData(StateFormat.Int8Blockwise, 2 * 20_000 + 2 * 4 * 10)]   // ceil(20,000 / 2,048) = 10 blocks, a float32 scale per block for m and for v
    public void TheStateTakesTheBytesItsFormatSays(StateFormat format, long bytes)
    {
        var ps = Params.Create(513, ScalarType.Float32, [20_000]);
        using var adam = new Adam(ps, new AdamOptions { StateFormat = format });
        Params.SetGradients(new Random(514), 1.0, ps);
        adam.step();
        var s = adam.StateOf(ps[0]);
        long measured = new[] { s.ExpAvg, s.ExpAvgSq, s.ExpAvgScales, s.ExpAvgSqScales }.Sum(t => t is null ? 0 : t.numel() * t.element_size());
        Assert.Equal(bytes, measured);
        Assert.Equal(bytes, StateFormats.StateBytes(format, 20_000));
    }

    private static double Distance(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }

    private static double Norm(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).norm().item<float>();
    }

    private static double MaxError(Tensor a, Tensor b) => Distance(a, b);

    private static double MaxAbs(Tensor a)
    {
        using var scope = NewDisposeScope();
        return a.abs().max().item<float>();
    }
}
