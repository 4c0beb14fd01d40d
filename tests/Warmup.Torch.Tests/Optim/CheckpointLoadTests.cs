using Warmup.Core.Schedules;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>Loading checks the whole incoming state first: on any mismatch it throws one clear error and changes nothing.</summary>
public class CheckpointLoadTests
{
    public static TheoryData<bool, bool> TorchSharpCases() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    /// <summary>A user switching from TorchSharp's Adam/AdamW keeps the moments: 10 steps there, 10 here, agree with 20 there.</summary>
    [Theory]
    [MemberData(nameof(TorchSharpCases))]
    public void TorchSharpsAdamCheckpointsLoadAndTrainingContinues(bool adamW, bool throughFile)
    {
        long[][] shapes = [[12, 5], [5]];
        var theirsParams = Params.Create(401, ScalarType.Float32, shapes);
        using optim.Optimizer theirs = adamW
            ? optim.AdamW(theirsParams, lr: 1e-2, weight_decay: 0.1, amsgrad: true)
            : optim.Adam(theirsParams, lr: 1e-2, weight_decay: 0.1, amsgrad: true);
        var rng = new Random(402);
        for (int step = 0; step < 10; step++)
        {
            Params.SetGradients(rng, 1.0, theirsParams);
            Uninterrupted.Step(theirs);
        }

        using var oursAdam = adamW ? new AdamW(Params.Clone(theirsParams)) : new Adam(Params.Clone(theirsParams));
        var continued = oursAdam.parameters().ToArray();
        if (throughFile)
        {
            string path = Path.Combine(Path.GetTempPath(), $"warmup-ts-{Guid.NewGuid():N}.bin");
            try
            {
                ((OptimizerHelper)theirs).save_state_dict(path);
                oursAdam.load_state_dict(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
        else
        {
            oursAdam.load_state_dict(((OptimizerHelper)theirs).state_dict());
        }

        Assert.Equal(10, oursAdam.StateOf(continued[0]).Step);
        Assert.Equal(0.1, oursAdam.Groups[0].Options.WeightDecay);
        Assert.True(oursAdam.Groups[0].Options.AmsGrad);
        Assert.Equal(adamW, oursAdam.Groups[0].Options.DecoupledWeightDecay);
        for (int step = 0; step < 10; step++)
        {
            Params.SetGradients(rng, 1.0, theirsParams, continued);
            Uninterrupted.Step(theirs);
            oursAdam.step();
        }

        double diff = Params.MaxRelativeDifference(theirsParams, continued);
        Assert.True(diff <= 1e-6, $"max relative difference {diff:E3}");
    }

    /// <summary>Before: an Adam state loaded into RAdam copied lr and betas, then threw InvalidCastException.</summary>
    [Fact]
    public void AnotherKindsStateIsRefusedAndNothingChanges()
    {
        var (adam, _) = Trained(new Adam(Params.Create(403, ScalarType.Float32, [4]), new AdamOptions { LearningRate = 0.5, Beta1 = 0.5 }));
        var (radam, rps) = Trained(new RAdam(Params.Create(404, ScalarType.Float32, [4])));
        var before = Snapshot(radam, rps);
        var e = Assert.Throws<ArgumentException>(() => radam.load_state_dict(adam.state_dict()));
        Assert.Contains("AdamOptions", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(radam, rps)));
        var file = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(radam, Checkpoint.Bytes(adam)));
        Assert.Contains("Adam", file.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(radam, rps)));
    }

    /// <summary>A checkpoint cut short anywhere (header, options, any tensor) is refused and nothing changes.</summary>
    [Fact]
    public void ATruncatedCheckpointIsRefusedWhereverItIsCut()
    {
        var (source, _) = Trained(new RAdam(Params.Create(405, ScalarType.Float32, [6, 2], [2])));
        var bytes = Checkpoint.Bytes(source);
        var (target, tps) = Trained(new RAdam(Params.Create(406, ScalarType.Float32, [6, 2], [2])));
        var before = Snapshot(target, tps);
        for (int length = 0; length < bytes.Length; length += length < 200 ? 1 : 17)
        {
            var cut = bytes[..length];
            var e = Record.Exception(() => Checkpoint.Load(target, cut));
            Assert.True(e is InvalidDataException or EndOfStreamException, $"cut at {length}: {e?.GetType().Name ?? "no exception"}");
            Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)), $"changed by a checkpoint cut at {length} of {bytes.Length} bytes");
        }

        Checkpoint.Load(target, bytes);
        Assert.Equal(Checkpoint.Bytes(source), Checkpoint.Bytes(target));
    }

    [Fact]
    public void ADifferentSplitIntoGroupsIsNamed()
    {
        var a = Params.Create(407, ScalarType.Float32, [3], [3], [3]);
        using var two = new Adam([new AdaptiveParamGroup<AdamOptions>(a[..2]), new AdaptiveParamGroup<AdamOptions>(a[2..])]);
        var b = Params.Clone(a);
        using var other = new Adam([new AdaptiveParamGroup<AdamOptions>(b[..1]), new AdaptiveParamGroup<AdamOptions>(b[1..])]);
        var before = Snapshot(other, b);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, Checkpoint.Bytes(two)));
        Assert.Contains("parameter group 0: 2 parameters in the checkpoint, 1 here", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(other, b)));
        Assert.Throws<ArgumentException>(() => other.load_state_dict(two.state_dict()));
        Assert.True(StateSnapshot.Equal(before, Snapshot(other, b)));
    }

    [Fact]
    public void AShapeMismatchIsNamed()
    {
        var (source, _) = Trained(new Adam(Params.Create(408, ScalarType.Float32, [4, 3])));
        var (target, tps) = Trained(new Adam(Params.Create(409, ScalarType.Float32, [3, 4])));
        var before = Snapshot(target, tps);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, Checkpoint.Bytes(source)));
        Assert.Contains("first moment has shape [4, 3] in the checkpoint; it must have [3, 4]", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)));
    }

    [Fact]
    public void AnInvalidOptionValueInTheCheckpointIsNamed()
    {
        var (source, _) = Trained(new Adam(Params.Create(410, ScalarType.Float32, [5])));
        var bytes = Checkpoint.Bytes(source);
        int at = Beta2Offset(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), 1.5);
        var (target, tps) = Trained(new Adam(Params.Create(411, ScalarType.Float32, [5])));
        var before = Snapshot(target, tps);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, bytes));
        Assert.Contains("Beta2 = 1.5", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)));
    }

    [Fact]
    public void ANewerFormatVersionIsRefused()
    {
        var (source, _) = Trained(new Adam(Params.Create(412, ScalarType.Float32, [5])));
        var bytes = Checkpoint.Bytes(source);
        int marker = MarkerOffset(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(marker + 8, 4), 5);   // this build writes version 4
        var (target, _) = Trained(new Adam(Params.Create(413, ScalarType.Float32, [5])));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, bytes));
        Assert.Contains("format version 5; this Warmup reads versions 0 to 4", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Version 0, the layout written before the format had a version (commit b4af40d): options start with the initial
    /// learning rate and have no parameter count. Built here field by field from that layout.
    /// </summary>
    [Fact]
    public void AVersion0CheckpointStillLoads()
    {
        var (source, _) = Trained(new RAdam(Params.Create(414, ScalarType.Float32, [3, 2], [2]), new RAdamOptions { Beta2 = 0.99, Threshold = 5 }));
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("RAdam");
            w.Write((byte)1); // LEB128 group count
            w.Write((byte)2); // LEB128 state count
            var o = source.Groups[0].Options;
            WriteSharedOptionsOfVersions0And1(w, o);
            w.Write(o.Threshold!.Value);
            w.Write((int)o.EarlyPhase!.Value);
            w.Write(o.AllowNeverRectified!.Value);
            foreach (var p in source.parameters())
            {
                WriteStateBeforeVersion2(w, source.StateOf(p));
            }
        }

        var (target, _) = Trained(new RAdam(Params.Create(415, ScalarType.Float32, [3, 2], [2])));
        Checkpoint.Load(target, stream.ToArray());
        Assert.Equal(Checkpoint.Bytes(source), Checkpoint.Bytes(target));
    }

    /// <summary>
    /// Version 1 (commits ed65ff6 to 3da46bf): the marker, version 1, the options type, the parameter count, the
    /// learning rates and options; no rule names, and state records without rule state. Built here field by field.
    /// </summary>
    [Fact]
    public void AVersion1CheckpointStillLoads()
    {
        var (source, _) = Trained(new Adam(Params.Create(430, ScalarType.Float32, [4], [2, 3]), new AdamOptions { AmsGrad = true, WeightDecay = 0.01 }));
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("Adam");
            w.Write((byte)1); // LEB128 group count
            w.Write((byte)2); // LEB128 state count
            var o = source.Groups[0].Options;
            w.Write(0x7FF4_5741_524D_5550L);
            w.Write(1);
            w.Write("AdamOptions");
            w.Write(2);
            WriteSharedOptionsOfVersions0And1(w, o);
            w.Write(o.AmsGrad!.Value);
            w.Write(0); // Adam-2k's steps (none)
            foreach (var p in source.parameters())
            {
                WriteStateBeforeVersion2(w, source.StateOf(p));
            }
        }

        var (target, _) = Trained(new Adam(Params.Create(431, ScalarType.Float32, [4], [2, 3])));
        Checkpoint.Load(target, stream.ToArray());
        Assert.Equal(Checkpoint.Bytes(source), Checkpoint.Bytes(target));
    }

    [Fact]
    public void ACheckpointOfOtherRulesIsRefusedNamingThem()
    {
        var rules = new AdamOptions { Rules = [Warmup.Core.Updates.Rules.ClipUpdateByGradientRatio.Instance] };
        var (source, _) = Trained(new Adam(Params.Create(432, ScalarType.Float32, [5]), rules));
        var (target, _) = Trained(new Adam(Params.Create(433, ScalarType.Float32, [5])));
        var before = Checkpoint.Bytes(target);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, Checkpoint.Bytes(source)));
        Assert.True(e.Message.Contains("[ScaleByAdam, MaximizeObjective, AddWeightDecay, ClipUpdateByGradientRatio]; this optimizer's is [ScaleByAdam, MaximizeObjective, AddWeightDecay]", StringComparison.Ordinal), e.Message);
        Assert.Equal(before, Checkpoint.Bytes(target));
    }

    // The learning rates and the options every Adam-family optimizer has, in the order of formats 0 and 1.
    private static void WriteSharedOptionsOfVersions0And1(BinaryWriter w, AdaptiveOptions o)
    {
        w.Write(o.InitialLearningRate);
        w.Write(o.LearningRate!.Value);
        w.Write(o.Beta1!.Value);
        w.Write(o.Beta2!.Value);
        w.Write(o.Eps!.Value);
        w.Write(o.WeightDecay!.Value);
        w.Write(o.DecoupledWeightDecay!.Value);
        w.Write(o.Maximize!.Value);
        w.Write((int)WarmupKind.None); // these optimizers have no warmup: kind, has-tau, tau, early-step choice
        w.Write(false);
        w.Write(0.0);
        w.Write((int)RAdamEarlySteps.Zero);
        w.Write(o.EpsBeforeBiasCorrection!.Value);
    }

    // A state record as formats 0 and 1 wrote it (TorchSharp's layout): step, m, v, then the optional AMSGrad maximum.
    private static void WriteStateBeforeVersion2(BinaryWriter w, AdaptiveState state)
    {
        w.Write(state.Step);
        state.ExpAvg.Save(w);
        state.ExpAvgSq.Save(w);
        w.Write(state.MaxExpAvgSq is not null);
        state.MaxExpAvgSq?.Save(w);
    }

    [Fact]
    public void ANonSeekableStreamLoads()
    {
        var (source, _) = Trained(new AdamW(Params.Create(416, ScalarType.Float32, [7])));
        var (target, _) = Trained(new AdamW(Params.Create(417, ScalarType.Float32, [7])));
        using var reader = new BinaryReader(new ForwardOnlyStream(Checkpoint.Bytes(source)));
        target.load_state_dict(reader);
        Assert.Equal(Checkpoint.Bytes(source), Checkpoint.Bytes(target));
    }

    [Fact]
    public void AFileErrorNamesTheFile()
    {
        var (target, _) = Trained(new Adam(Params.Create(418, ScalarType.Float32, [2])));
        string path = Path.Combine(Path.GetTempPath(), $"warmup-garbage-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("\u0004Adamnot a checkpoint"));
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => target.load_state_dict(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Found in review: a group's options loaded directly left records to acknowledge, and a later load from the same reader then read nothing.</summary>
    [Fact]
    public void ALoadAfterADirectOptionsLoadStillLoads()
    {
        var (source, _) = Trained(new Adam(Params.Create(419, ScalarType.Float32, [3])));
        var (target, _) = Trained(new Adam(Params.Create(420, ScalarType.Float32, [3])));
        var bytes = Checkpoint.Bytes(source);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.ReadString(); // TorchSharp's header: the type name and two LEB128 counts
        reader.ReadByte();
        reader.ReadByte();
        target.Groups[0].Options.LoadStateDict(reader); // reads the whole checkpoint
        Params.SetGradients(new Random(421), 1.0, target.parameters().ToArray());
        target.step();
        reader.BaseStream.Position = 0;
        target.load_state_dict(reader);
        Assert.Equal(bytes, Checkpoint.Bytes(target));
    }

    /// <summary>Found in review: TorchSharp's AdamW state loaded into Warmup's Adam kept L2 decay; its decay is decoupled.</summary>
    [Fact]
    public void TorchSharpsAdamWStateKeepsDecoupledDecayInWarmupsAdam()
    {
        var ps = Params.Create(422, ScalarType.Float32, [4]);
        using var theirs = optim.AdamW(ps, lr: 1e-2, weight_decay: 0.1);
        using var ours = new Adam(Params.Clone(ps));
        ours.load_state_dict(((OptimizerHelper)theirs).state_dict());
        Assert.True(ours.Groups[0].Options.DecoupledWeightDecay);
    }

    /// <summary>Found in review: a group object given to two optimizers was rewired to the second, so loading the first changed the second.</summary>
    [Fact]
    public void AGroupObjectGivenToTwoOptimizersBelongsToEachSeparately()
    {
        var group = new AdaptiveParamGroup<AdamOptions>(Params.Create(423, ScalarType.Float32, [3]));
        using var first = new Adam([group]);
        using var second = new Adam([group]);
        Assert.NotSame(first.Groups[0].Options, second.Groups[0].Options);
        var (source, _) = Trained(new Adam(Params.Create(424, ScalarType.Float32, [3]), new AdamOptions { LearningRate = 0.25 }));
        var before = Checkpoint.Bytes(second);
        Checkpoint.Load(first, Checkpoint.Bytes(source));
        Assert.Equal(0.25, first.Groups[0].Options.LearningRate);
        Assert.Equal(before, Checkpoint.Bytes(second));
    }

    private static (T Optimizer, Parameter[] Parameters) Trained<T>(T optimizer)
        where T : AdaptiveOptimizer
    {
        var ps = optimizer.parameters().ToArray();
        var rng = new Random(499);
        for (int step = 0; step < 6; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            optimizer.step();
        }

        return (optimizer, ps);
    }

    private static List<byte[]> Snapshot(AdaptiveOptimizer optimizer, Parameter[] ps) =>
        [.. StateSnapshot.Of(optimizer, ps), Checkpoint.Bytes(optimizer)];

    private static int MarkerOffset(byte[] bytes)
    {
        var marker = BitConverter.GetBytes(0x7FF4_5741_524D_5550L);
        return bytes.AsSpan().IndexOf(marker);
    }

    // Format 3 stores options by name: the length-prefixed "Beta2", a type tag, then the value.
    private static int Beta2Offset(byte[] bytes) => bytes.AsSpan().IndexOf("\u0005Beta2"u8) + 6 + 1;

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
