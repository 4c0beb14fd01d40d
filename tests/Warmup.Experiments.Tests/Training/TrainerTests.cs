using Warmup.Experiments.Data;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Diagnostics;

namespace Warmup.Experiments.Tests.Training;

public class TrainerTests
{
    internal static TrainSettings Small(string method = "adam", string task = "fmnist-mlp") => new()
    {
        Task = task,
        Method = MethodSpec.Parse(method),
        Steps = 12,
        BatchSize = 32,
        DataFolder = FashionMnist.SampleFolder,
        Width = 32,
        Context = 16,
        LogEvery = 4,
        DiagnoseEvery = 6,
        ProbeExamples = 4,
    };

    /// <summary>Trains with the test's cancellation token.</summary>
    internal static TrainResult Train(TrainSettings s) => Trainer.Run(s, cancel: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("fmnist-mlp")]
    [InlineData("charlm")]
    [InlineData("fortunes-bow")]
    public void TheSameSeedGivesTheSameNumbers(string task)
    {
        var a = Train(Small("untuned-exp", task));
        var b = Train(Small("untuned-exp", task));
        var other = Train(Small("untuned-exp", task) with { Seed = 2 });

        Assert.Equal(a.FinalTrainLoss, b.FinalTrainLoss);
        Assert.Equal(a.TestMetric, b.TestMetric);
        Assert.Equal(a.Curve, b.Curve);
        Assert.Equal(a.Diagnostics.Select(d => (d["median_update"], d["moment_correlation"], d["gradient_cv"])), b.Diagnostics.Select(d => (d["median_update"], d["moment_correlation"], d["gradient_cv"])));
        Assert.NotEqual(a.FinalTrainLoss, other.FinalTrainLoss);
    }

    [Theory]
    [InlineData("fmnist-mlp")]
    [InlineData("charlm")]
    [InlineData("fortunes-bow")]
    public void ALoopTimerTimesEveryStepAndChangesNothing(string task)
    {
        // The hook runs after the final evaluation: even wiping every weight there must not change the result.
        int hooked = 0;
        var timer = new LoopTimer
        {
            AfterTraining = loop =>
            {
                hooked++;
                var parameters = loop.Parameters;
                loop.ForwardPass();
                Assert.All(parameters, p =>
                {
                    using var g = p.grad;
                    Assert.NotNull(g); // the last step's gradients, for an isolated optimizer timing
                });
                using var noGrad = TorchSharp.torch.no_grad();
                foreach (var p in parameters)
                {
                    p.zero_();
                }
            },
        };
        var plain = Train(Small("adam", task));
        var timed = Trainer.Run(Small("adam", task), timer: timer, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(plain.FinalTrainLoss, timed.FinalTrainLoss);
        Assert.Equal(plain.TestMetric, timed.TestMetric);
        Assert.Equal(plain.Curve, timed.Curve);
        Assert.Equal(plain.Diagnostics.Select(d => (d["median_update"], d["moment_correlation"], d["gradient_cv"])), timed.Diagnostics.Select(d => (d["median_update"], d["moment_correlation"], d["gradient_cv"])));
        Assert.Equal(1, hooked);
        Assert.Equal(12, timer.Steps);
        for (int step = 0; step < timer.Steps; step++)
        {
            Assert.All(LoopTimer.Phases, phase => Assert.True(timer.Milliseconds(step, phase) >= 0));
            Assert.True(timer.Milliseconds(step, LoopPhase.Forward) > 0 && timer.Milliseconds(step, LoopPhase.Backward) > 0 && timer.Milliseconds(step, LoopPhase.Step) > 0);
            Assert.Equal(LoopTimer.Phases.Sum(phase => timer.Milliseconds(step, phase)), timer.TotalMilliseconds(step), 9);
        }
    }

    [Fact]
    public void TheCurveAndDiagnosticsAreWhereTheSettingsSay()
    {
        var r = Train(Small("untuned-linear") with { Steps = 14, LearningRate = 0.01, Beta2 = 0.99 });

        Assert.False(r.Diverged);
        Assert.Equal(14, r.StepsDone);
        Assert.Equal([4, 8, 12, 14], r.Curve.Select(p => p.Step)); // every LogEvery steps, and the last
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12], r.Diagnostics.Select(d => d.Step)); // every step to 10, then every 6th
        Assert.Equal(0.01 * 14 / 200.0, r.Curve[^1].LearningRate, 15); // untuned linear: lr t / (2 / (1 - beta2))
        Assert.All(r.Diagnostics, d => Assert.Equal(0.01 * d.Step / 200.0, d.LearningRate, 15));
        Assert.InRange(r.TestMetric!.Value, 0, 100);
        Assert.True(r.FinalTrainLoss > 0);
    }

    [Fact]
    public void AtStepOneAdamMovesEveryParameterByLrAndItsMomentsAreProportional()
    {
        // t = 1: m-hat = g and v-hat = g^2, so |update| / lr = |g| / (|g| + eps) = 1 wherever g is not tiny (Ma and
        // Yarats Fig. 2), and |m| = (1 - beta1)|g|, sqrt(v) = sqrt(1 - beta2)|g| are perfectly correlated.
        var r = Train(Small("adam") with { Steps = 1 });
        var first = r.Diagnostics[0];

        Assert.Equal(1, first.Step);
        Assert.Equal(1.0, first["median_update"]!.Value, 1e-3);
        Assert.Equal(1.0, first["moment_correlation"]!.Value, 1e-6);
        Assert.True(first["gradient_cv"] > 0);
        Assert.Equal(Histogram.Bins, GradientHistogramDiagnostic.Counts(first).Length);
        Assert.Equal(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10, GradientHistogramDiagnostic.Counts(first).Sum()); // one count per parameter entry
    }

    [Fact]
    public void AdamTwoKsFrozenStepsComeBeforeStepOne()
    {
        // Liu et al. index Adam-2k's iterations from -1999: the K v-only steps are extra, and every method makes
        // the same number of parameter updates.
        var r = Train(Small("adam-2k:5") with { Steps = 12, LearningRate = 0.01 });

        Assert.Equal(12, r.StepsDone);
        Assert.Equal([4, 8, 12], r.Curve.Select(p => p.Step));
        Assert.Equal(1, r.Diagnostics[0].Step);
        Assert.All(r.Diagnostics, d => Assert.Equal(0.01, d.LearningRate));
        Assert.All(r.Diagnostics, d => Assert.True(d["median_update"] > 0));
    }

    [Fact]
    public void TheConfigurationNamesTheDataActuallyFound()
    {
        // The MLP's width joins the key only when it is not the default, so that older sweep databases keep their keys.
        Assert.DoesNotContain(";hidden=", Small().Configuration, StringComparison.Ordinal);
        Assert.Contains(";hidden=512;", (Small() with { MlpHidden = 512 }).Configuration, StringComparison.Ordinal);

        Assert.EndsWith(";data=" + Path.GetFullPath(FashionMnist.SampleFolder), Small().Configuration, StringComparison.Ordinal);
        Assert.EndsWith(";data=" + FashionMnist.Locate().Folder, (Small() with { DataFolder = null }).Configuration, StringComparison.Ordinal);
        Assert.EndsWith(";text=" + TextCorpus.Locate(), Small(task: "charlm").Configuration, StringComparison.Ordinal);

        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ","; // as in de-DE (this machine runs without ICU cultures)
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.StartsWith("task=fmnist-mlp;steps=1.5 epochs;batch=32;beta1=0.9;", (Small() with { Epochs = 1.5 }).Configuration, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void TheCnnTrainsAndReportsTheSameDiagnostics()
    {
        var r = Train(Small("radam", "fmnist-cnn") with { Steps = 3 });

        Assert.False(r.Diverged);
        Assert.InRange(r.TestMetric!.Value, 0, 100);
        Assert.Equal([1, 2, 3], r.Diagnostics.Select(d => d.Step));
        Assert.All(r.Diagnostics, d => Assert.NotNull(d["gradient_cv"]));
        Assert.Equal((16 * 9) + 16 + (32 * 16 * 9) + 32 + (32 * 7 * 7 * 128) + 128 + (128 * 10) + 10, GradientHistogramDiagnostic.Counts(r.Diagnostics[0]).Sum());
    }

    [Fact]
    public void SgdHasNoMomentCorrelation()
    {
        var r = Train(Small("sgd") with { Steps = 2 });
        Assert.All(r.Diagnostics, d => Assert.Null(d["moment_correlation"]));
        Assert.All(r.Diagnostics, d => Assert.NotNull(d["median_update"]));
    }

    [Fact]
    public void ANonFiniteLossIsADivergenceNotACrash()
    {
        var r = Train(Small("sgd") with { LearningRate = 1e30, Steps = 20 });

        Assert.True(r.Diverged);
        Assert.NotNull(r.DivergedAtStep);
        Assert.InRange(r.DivergedAtStep!.Value, 2, 20);
        Assert.Null(r.TestMetric);
        Assert.Null(r.FinalTrainLoss);
        Assert.Equal(r.DivergedAtStep, r.StepsDone);
    }

    [Fact]
    public void EpochsCountPassesOverTheTrainingImages()
    {
        var r = Train(Small() with { Epochs = 0.5, DiagnoseEvery = 0 });
        Assert.Equal((int)Math.Ceiling(0.5 * 2000 / 32), r.StepsDone);
        Assert.Empty(r.Diagnostics);
    }

    [Fact]
    public void CancellationStopsBetweenSteps()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(Small(), cancel: cancel.Token));
    }

    [Theory]
    [InlineData("--task: unknown task 'mnist'; expected one of fmnist-mlp, fmnist-cnn, charlm, fortunes-bow.", "task")]
    [InlineData("--lr must be a positive number (got -1).", "lr")]
    [InlineData("--beta2 must be in [0, 1) (got 1).", "beta2")]
    [InlineData("--steps must be at least 1 (got 0).", "steps")]
    public void BadSettingsNameTheOption(string message, string which)
    {
        var s = which switch
        {
            "task" => Small() with { Task = "mnist" },
            "lr" => Small() with { LearningRate = -1 },
            "beta2" => Small() with { Beta2 = 1 },
            _ => Small() with { Steps = 0 },
        };
        string actual = Assert.Throws<ArgumentException>(() => Train(s)).Message;
        if (which == "task")
        {
            // Tasks other tests register (TrainingTasks is process-wide) follow the built-in four.
            Assert.StartsWith(message.TrimEnd('.'), actual, StringComparison.Ordinal);
            Assert.EndsWith(".", actual, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(message, actual);
        }
    }
}
