using System.Diagnostics;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using Warmup.Core.Schedules;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// Checkpoints you can trust (issue 22, items 3, 4 and 8), each probe of the hostile test: the in-memory and
/// the file load check the same things; a rule state a rule can never be in is refused; a checkpoint's warmup must be
/// the optimizer's; a malformed header is refused; a failed save leaves the previous file as it was. On 148eae1 every
/// one of these loaded (or overwrote) silently.
/// </summary>
public class CheckpointTrustTests
{
    [Fact]
    public void AnInMemoryStateOfAnotherChainIsRefusedAsAFileIs()
    {
        var (source, _) = Trained(new Adam(Params.Create(901, ScalarType.Float32, [5]), new AdamOptions { Rules = [ClipUpdateByGradientRatio.Instance] }));
        var (target, tps) = Trained(new Adam(Params.Create(902, ScalarType.Float32, [5])));
        var before = Snapshot(target, tps);
        var e = Assert.Throws<ArgumentException>(() => target.load_state_dict(source.state_dict()));
        Assert.Contains("ClipUpdateByGradientRatio]; this optimizer's is [ScaleByAdam, MaximizeObjective, AddWeightDecay]", e.Message, StringComparison.Ordinal);
        Assert.Empty(target.Groups[0].Options.Rules!);
        Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)));
        Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, Checkpoint.Bytes(source)));
        Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)));
    }

    [Fact]
    public void AWarmupCheckpointIsRefusedByAnOptimizerWithoutWarmupFromEveryFormat()
    {
        // The probe: a warmup checkpoint loaded into an optimizer without warmup turned it into UntunedLinear.
        var (warm, _) = Trained(new Adam(Params.Create(903, ScalarType.Float32, [5])).WithUntunedLinearWarmup());
        var (cold, cps) = Trained(new Adam(Params.Create(904, ScalarType.Float32, [5])));
        var before = Snapshot(cold, cps);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(cold, Checkpoint.Bytes(warm)));
        Assert.True(e.Message.Contains("ApplyWarmup(LinearWarmup { Tau = 1999.99", StringComparison.Ordinal), e.Message);
        Assert.Throws<ArgumentException>(() => cold.load_state_dict(warm.state_dict()));
        Assert.True(StateSnapshot.Equal(before, Snapshot(cold, cps)));
        Assert.Null(cold.Groups[0].Options.Warmup);

        // Format 1 (0.9.0's layout, built field by field) with WarmupKind.UntunedLinear: refused the same way.
        var v1 = Version1Adam(warm, WarmupKind.UntunedLinear);
        Assert.Throws<InvalidDataException>(() => Checkpoint.Load(cold, v1));
        Assert.True(StateSnapshot.Equal(before, Snapshot(cold, cps)));

        // ...and loaded by an optimizer with that warmup.
        var (same, _) = Trained(new Adam(Params.Create(905, ScalarType.Float32, [5])).WithUntunedLinearWarmup());
        Checkpoint.Load(same, v1);
        Assert.Equal(Checkpoint.Bytes(warm), Checkpoint.Bytes(same));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ARuleStateTheRuleCanNeverBeInIsRefused(double factor)
    {
        // The probe: dynamic warmup's factor set to -0.5 in the file loaded, and training then ascended.
        var (source, _) = Trained(new Adam(Params.Create(906, ScalarType.Float32, [5]), new AdamOptions { Rules = [DynamicWarmup.Default] }));
        var bytes = Checkpoint.Bytes(source);
        double omega = source.StateOf(source.parameters().First()).RuleStateOf(DynamicWarmup.Default).Omega;
        int at = bytes.AsSpan().LastIndexOf(BitConverter.GetBytes(omega));
        Assert.True(at > 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), factor);
        var (target, tps) = Trained(new Adam(Params.Create(907, ScalarType.Float32, [5]), new AdamOptions { Rules = [DynamicWarmup.Default] }));
        var before = Snapshot(target, tps);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, bytes));
        Assert.Contains("the warmup factor is", e.Message, StringComparison.Ordinal);
        Assert.Contains("it is in [0, 1]", e.Message, StringComparison.Ordinal);
        Assert.True(StateSnapshot.Equal(before, Snapshot(target, tps)));
    }

    [Fact]
    public void ANegativeParameterCountInAHeaderIsRefused()
    {
        var (source, _) = Trained(new Adam(Params.Create(908, ScalarType.Float32, [5])));
        var bytes = Checkpoint.Bytes(source);
        int count = bytes.AsSpan().IndexOf("\u000BAdamOptions"u8) + 12;
        BitConverter.TryWriteBytes(bytes.AsSpan(count, 4), -3);
        var (target, _) = Trained(new Adam(Params.Create(909, ScalarType.Float32, [5])));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, bytes));
        Assert.Contains("-3 parameters in the checkpoint's header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASaveThatFailsLeavesThePreviousCheckpointIntact()
    {
        // A 128 KiB tmpfs: the first checkpoint fits, a second of 1 MB of moments does not.
        string mount = Path.Combine(Path.GetTempPath(), $"warmup-full-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mount);
        try
        {
            Assert.SkipUnless(Run("mount", $"-t tmpfs -o size=128k tmpfs {mount}"), "mounting a tmpfs needs root (CI runs as root)");
            try
            {
                string path = Path.Combine(mount, "checkpoint.bin");
                var (small, _) = Trained(new AdamW(Params.Create(910, ScalarType.Float32, [100])));
                small.save_state_dict(path);
                var good = File.ReadAllBytes(path);
                var (large, _) = Trained(new AdamW(Params.Create(911, ScalarType.Float32, [128_000])));
                var e = Assert.Throws<IOException>(() => large.save_state_dict(path));
                Assert.Contains("the file there is as it was", e.Message, StringComparison.Ordinal);
                Assert.Equal(good, File.ReadAllBytes(path));
                Assert.Equal(["checkpoint.bin"], Directory.GetFiles(mount).Select(Path.GetFileName));
                var (resumed, _) = Trained(new AdamW(Params.Create(912, ScalarType.Float32, [100])));
                resumed.load_state_dict(path);
            }
            finally
            {
                Run("umount", mount);
            }
        }
        finally
        {
            Directory.Delete(mount, recursive: true);
        }
    }

    [Fact]
    public void SavingOverAnExistingCheckpointReplacesItWhole()
    {
        string path = Path.Combine(Path.GetTempPath(), $"warmup-save-{Guid.NewGuid():N}.bin");
        try
        {
            var (a, _) = Trained(new AdamW(Params.Create(913, ScalarType.Float32, [1000])));
            a.save_state_dict(path);
            var (b, _) = Trained(new AdamW(Params.Create(914, ScalarType.Float32, [10])));
            b.save_state_dict(path);
            Assert.Equal(Checkpoint.Bytes(b), File.ReadAllBytes(path));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Adam's options record of format 1 (0.9.0): marker, version, type, count, rates, fixed options, then states as before.
    private static byte[] Version1Adam(Adam source, WarmupKind warmup)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("Adam");
            w.Write((byte)1);
            w.Write((byte)1);
            var o = source.Groups[0].Options;
            w.Write(0x7FF4_5741_524D_5550L);
            w.Write(1);
            w.Write("AdamOptions");
            w.Write(1);
            w.Write(o.InitialLearningRate);
            w.Write(o.LearningRate!.Value);
            w.Write(o.Beta1!.Value);
            w.Write(o.Beta2!.Value);
            w.Write(o.Eps!.Value);
            w.Write(o.WeightDecay!.Value);
            w.Write(o.DecoupledWeightDecay!.Value);
            w.Write(o.Maximize!.Value);
            w.Write((int)warmup);
            w.Write(false);
            w.Write(0.0);
            w.Write((int)RAdamEarlySteps.Zero);
            w.Write(o.EpsBeforeBiasCorrection!.Value);
            w.Write(o.AmsGrad!.Value);
            w.Write(0);
            var state = source.StateOf(source.parameters().Single());
            w.Write(state.Step);
            state.ExpAvg.Save(w);
            state.ExpAvgSq.Save(w);
            w.Write(false);
        }

        return stream.ToArray();
    }

    private static bool Run(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    private static (T Optimizer, Parameter[] Parameters) Trained<T>(T optimizer)
        where T : AdaptiveOptimizer
    {
        var ps = optimizer.parameters().ToArray();
        var rng = new Random(999);
        for (int step = 0; step < 6; step++)
        {
            Params.SetGradients(rng, 1.0, ps);
            optimizer.step();
        }

        return (optimizer, ps);
    }

    private static List<byte[]> Snapshot(AdaptiveOptimizer optimizer, Parameter[] ps) =>
        [.. StateSnapshot.Of(optimizer, ps), Checkpoint.Bytes(optimizer)];
}
