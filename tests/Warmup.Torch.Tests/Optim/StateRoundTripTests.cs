using TorchSharp.Modules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>Saving after 50 steps and loading into a fresh optimizer continues exactly as 100 steps straight through.</summary>
public class StateRoundTripTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in new[] { "adam-amsgrad", "adamw", "radam" })
        {
            data.Add(kind, true);
            data.Add(kind, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveAt50LoadAndContinueEquals100StepsStraightThrough(string kind, bool throughFile)
    {
        long[][] shapes = [[40, 30], [30], [7]];
        var straight = Params.Create(41, ScalarType.Float32, shapes);
        var first = Params.Clone(straight);
        using var a = Create(kind, straight);
        using var b = Create(kind, first);
        var gradients = new Random(42);
        for (int step = 0; step < 50; step++)
        {
            Params.SetGradients(gradients, 1.0, straight, first);
            a.step();
            b.step();
        }

        // A new process would rebuild the model and the optimizer, then load both: the clone stands for the model.
        var resumed = Params.Clone(first);
        using var c = Create(kind, resumed);
        if (throughFile)
        {
            var path = Path.Combine(Path.GetTempPath(), $"warmup-state-{Guid.NewGuid():N}.bin");
            try
            {
                b.save_state_dict(path);
                c.load_state_dict(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
        else
        {
            c.load_state_dict(b.state_dict());
        }

        b.Dispose();
        for (int step = 0; step < 50; step++)
        {
            Params.SetGradients(gradients, 1.0, straight, resumed);
            a.step();
            c.step();
        }

        Assert.Equal(straight.Length, c.LastStep.FusedTensors);
        Assert.True(Params.BitIdentical(straight, resumed), "parameters differ");
        foreach (var (p, q) in straight.Zip(resumed))
        {
            var (s, t) = (a.StateOf(p), c.StateOf(q));
            Assert.Equal(100, t.Step);
            Assert.True(Params.BitIdentical([s.ExpAvg, s.ExpAvgSq], [t.ExpAvg, t.ExpAvgSq]), "moments differ");
            Assert.Equal(s.MaxExpAvgSq is null, t.MaxExpAvgSq is null);
        }
    }

    [Fact]
    public void LoadingRestoresOptionsSuchAsTheSchedulerSetLearningRate()
    {
        var ps = Params.Create(43, ScalarType.Float32, [5]);
        using var a = new RAdam(ps, new RAdamOptions { LearningRate = 0.1, Beta2 = 0.98, Threshold = 5 });
        a.Groups[0].LearningRate = 0.025;
        var path = Path.Combine(Path.GetTempPath(), $"warmup-state-{Guid.NewGuid():N}.bin");
        try
        {
            a.save_state_dict(path);
            using var b = new RAdam(Params.Clone(ps));
            b.load_state_dict(path);
            var options = b.Groups[0].Options;
            Assert.Equal((0.025, 0.1, 0.98, 5.0), (options.LearningRate!.Value, options.InitialLearningRate, options.Beta2!.Value, options.Threshold!.Value));

            using var adam = new Adam(Params.Clone(ps));
            var e = Assert.Throws<InvalidDataException>(() => adam.load_state_dict(path));
            Assert.Contains("RAdam", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static AdaptiveOptimizer Create(string kind, IEnumerable<Parameter> ps) => kind switch
    {
        "adam-amsgrad" => new Adam(ps, new AdamOptions { LearningRate = 1e-2, AmsGrad = true }),
        "adamw" => new AdamW(ps, new AdamOptions { LearningRate = 1e-2 }),
        _ => new RAdam(ps, new RAdamOptions { LearningRate = 1e-2, Beta2 = 0.99 }),
    };
}
