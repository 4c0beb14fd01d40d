using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Checkpoints;
using Warmup.Experiments.Training.Tasks;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Tests.Training.Checkpoints;

// At 148eae1 `train` saved no model, curve or checkpoint: a stopped run was lost.
public sealed class ResumeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-resume-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>
    /// Every method of the experiments (a new method is tested by being registered), with an argument where one is
    /// required, and a short one where the default adds many steps (Adam-2k's 2,000).
    /// </summary>
    public static TheoryData<string> Methods() =>
        [.. ExperimentMethods.All.Select(m =>
            (m.Argument.Exists && m.Argument.Default is null) || MethodSpec.Parse(m.Name).ExtraSteps > 10 ? $"{m.Name}:3" : m.Name)];

    /// <summary>Every task, with a method whose state is the most (Adam-2k's frozen first moment and a warmup).</summary>
    public static TheoryData<string> Tasks() => [.. TrainingTasks.Names];

    private sealed class StopAt(int done, CancellationTokenSource stop) : ITrainingObserver
    {
        public void Stepped(TrainingStep taken)
        {
            if (taken.Done == done)
            {
                stop.Cancel();
            }
        }
    }

    private void StopsAndContinuesBitForBit(TrainSettings s, int stopAfter)
    {
        string whole = Path.Combine(_dir.FullName, "whole");
        string stopped = Path.Combine(_dir.FullName, "stopped");
        var straight = Trainer.Run(s, checkpoints: new TrainingCheckpoints(whole), cancel: TestContext.Current.CancellationToken);

        using (var stop = new CancellationTokenSource())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Run(s, new StopAt(stopAfter, stop), checkpoints: new TrainingCheckpoints(stopped), cancel: stop.Token));
        }

        var partial = RunCheckpoint.Read(stopped);
        Assert.Equal(stopAfter, partial.Done);
        Assert.False(partial.Finished);

        var resumed = Trainer.Run(s, checkpoints: new TrainingCheckpoints(stopped) { Resume = true }, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(straight.Curve, resumed.Curve);
        Assert.Equal(straight.Diagnostics, resumed.Diagnostics);
        Assert.Equal(straight.FinalTrainLoss, resumed.FinalTrainLoss);
        Assert.Equal(straight.TestMetric, resumed.TestMetric);
        Assert.Equal(straight.StepsDone, resumed.StepsDone);
        var a = RunCheckpoint.Read(whole);
        var b = RunCheckpoint.Read(stopped);
        Assert.True(a.Finished && b.Finished);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, a.Model)), File.ReadAllBytes(Path.Combine(stopped, b.Model)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, a.Optimizer)), File.ReadAllBytes(Path.Combine(stopped, b.Optimizer)));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "curve.csv")), File.ReadAllText(Path.Combine(stopped, "curve.csv")));
        Assert.Single(Directory.GetFiles(stopped, "model-*.bin"));   // the earlier step's files were removed
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMethodStopsAndContinuesBitForBit(string method) =>
        StopsAndContinuesBitForBit(TrainerTests.Small(method) with { Steps = 8, DiagnoseEvery = 0 }, stopAfter: 5);

    [Theory]
    [MemberData(nameof(Tasks))]
    public void EveryTaskStopsAndContinuesBitForBit(string task) =>
        StopsAndContinuesBitForBit(TrainerTests.Small("untuned-linear", task), stopAfter: 5);

    [Fact]
    public void AdamTwoKStoppedInItsSecondMomentStepsContinuesBitForBit() =>
        StopsAndContinuesBitForBit(TrainerTests.Small("adam-2k:4"), stopAfter: 2);

    [Fact]
    public void SavingEveryFewStepsLeavesTheLastWholeStep()
    {
        string folder = Path.Combine(_dir.FullName, "every");
        using var stop = new CancellationTokenSource();

        // Stopped at the start of step 10 with saves every 4 steps: the save on stopping is of step 9, not 8.
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Trainer.Run(TrainerTests.Small(), new StopAt(9, stop), checkpoints: new TrainingCheckpoints(folder) { Every = 4 }, cancel: stop.Token));

        var saved = RunCheckpoint.Read(folder);
        Assert.Equal(9, saved.Step);
        Assert.Equal(["model-9.bin", "optimizer-9.bin"], Directory.GetFiles(folder, "*.bin").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARunWithOtherSettingsIsNotContinued()
    {
        string folder = Path.Combine(_dir.FullName, "other");
        Trainer.Run(TrainerTests.Small(), checkpoints: new TrainingCheckpoints(folder), cancel: TestContext.Current.CancellationToken);
        string before = File.ReadAllText(Path.Combine(folder, RunCheckpoint.RunFile));

        var e = Assert.Throws<InvalidDataException>(() =>
            Trainer.Run(TrainerTests.Small() with { LearningRate = 0.5 }, checkpoints: new TrainingCheckpoints(folder) { Resume = true }, cancel: TestContext.Current.CancellationToken));

        Assert.Contains("is a run with other settings", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, RunCheckpoint.RunFile)));
    }

    [Fact]
    public void AFolderWithoutASavedRunIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RunCheckpoint.Read(_dir.FullName));
        Assert.Contains($"No saved run in {_dir.FullName}", e.Message, StringComparison.Ordinal);
    }
}
