using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Tests.Training.Watching;

public class TrainerObserverTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public int Total { get; private set; } = -1;
        public List<TrainingStep> Steps { get; } = [];
        public List<DiagnosticPoint> Diagnostics { get; } = [];
        public List<(int Step, string Metric, double Value)> Evaluations { get; } = [];
        public TrainResult? Result { get; private set; }

        public void Started(TrainSettings settings, int totalSteps) => Total = totalSteps;
        public void Stepped(TrainingStep taken) => Steps.Add(taken);
        public void Diagnosed(DiagnosticPoint point) => Diagnostics.Add(point);
        public void Evaluated(int afterStep, string metric, double value) => Evaluations.Add((afterStep, metric, value));
        public void Finished(TrainResult result) => Result = result;
    }

    [Theory]
    [InlineData("fmnist-mlp")]
    [InlineData("charlm")]
    public void WatchingAndEvaluatingDuringTrainingChangeNothingTrained(string task)
    {
        var plain = TrainerTests.Train(TrainerTests.Small("untuned-linear", task));
        var recorder = new Recorder();
        var watched = Trainer.Run(TrainerTests.Small("untuned-linear", task) with { EvaluateEvery = 4 }, recorder, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(plain.Curve, watched.Curve);
        Assert.Equal(plain.FinalTrainLoss, watched.FinalTrainLoss);
        Assert.Equal(plain.TestMetric, watched.TestMetric);
        Assert.Equal(plain.Settings.Configuration, watched.Settings.Configuration);   // not part of what identifies a run
    }

    [Fact]
    public void TheObserverSeesEveryStepTheDiagnosticsTheEvaluationsAndTheEnd()
    {
        var recorder = new Recorder();
        var s = TrainerTests.Small("untuned-linear") with { EvaluateEvery = 4 };
        var r = Trainer.Run(s, recorder, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(12, recorder.Total);
        Assert.Equal(Enumerable.Range(1, 12), recorder.Steps.Select(t => t.Step));
        Assert.Equal(Enumerable.Range(1, 12), recorder.Steps.Select(t => t.Done));
        Assert.All(recorder.Steps, t => Assert.Equal(12, t.Total));

        // The curve's points are means of the logged window and its rates the rate applied at the window's last step.
        foreach (var point in r.Curve)
        {
            var window = recorder.Steps.Where(t => t.Step > point.Step - s.LogEvery && t.Step <= point.Step).ToList();
            Assert.Equal(point.TrainLoss, window.Average(t => t.Loss), 12);
            Assert.Equal(point.LearningRate, window[^1].LearningRate);
        }

        Assert.Equal(r.Diagnostics, recorder.Diagnostics);
        Assert.Equal([4, 8, 12], recorder.Evaluations.Select(e => e.Step));   // at 4 and 8 during the run, then the final one
        Assert.Equal(r.TestMetric, recorder.Evaluations[^1].Value);
        Assert.All(recorder.Evaluations, e => Assert.Equal(r.MetricName, e.Metric));
        Assert.Same(r, recorder.Result);
    }

    [Fact]
    public void AdamTwoKsSecondMomentStepsAreSeenWithTheirNegativeNumbers()
    {
        var recorder = new Recorder();
        Trainer.Run(TrainerTests.Small("adam-2k:3"), recorder, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(15, recorder.Total);
        Assert.Equal(Enumerable.Range(-2, 15), recorder.Steps.Select(t => t.Step));
        Assert.Equal(Enumerable.Range(1, 15), recorder.Steps.Select(t => t.Done));
    }

    [Fact]
    public void CombinedObserversEachSeeEverything()
    {
        var a = new Recorder();
        var b = new Recorder();
        Trainer.Run(TrainerTests.Small(), TrainingObservers.Combine(a, null, b), cancel: TestContext.Current.CancellationToken);

        Assert.Equal(12, a.Steps.Count);
        Assert.Equal(a.Steps, b.Steps);
        Assert.NotNull(a.Result);
        Assert.Same(a.Result, b.Result);
        Assert.Null(TrainingObservers.Combine(null, null));
    }
}
