using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Diagnostics;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>The event file of a run, read back by protobuf (<see cref="EventFileReadBack"/>) and held against the run's own result.</summary>
public sealed class TensorBoardObserverTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-tensorboard-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static List<(long Step, float Value)> Scalars(IEnumerable<ReadBackEvent> events, string tag) =>
        [.. events.SelectMany(e => e.Values.Where(v => v.Tag == tag).Select(v => (e.Step, v.Scalar!.Value)))];

    private (TrainResult Result, IReadOnlyList<ReadBackEvent> Events) TrainWatched(TrainSettings s)
    {
        EventFileReadBack.Require();
        TrainResult r;
        string file;
        using (var board = new TensorBoardObserver(_dir.FullName, new FixedClock()))
        {
            file = board.FilePath;
            r = Trainer.Run(s, board, cancel: TestContext.Current.CancellationToken);
            Assert.True(board.IsClosed); // Finished closed it
        }

        Assert.Equal([file], Directory.GetFiles(_dir.FullName));
        Assert.StartsWith("events.out.tfevents.1500000000.", Path.GetFileName(file), StringComparison.Ordinal);
        return (r, EventFileReadBack.Read(file));
    }

    [Fact]
    public void TheFileHoldsTheRunsCurveRatesEvaluationsAndDiagnostics()
    {
        var s = TrainerTests.Small("untuned-linear") with { Steps = 14, EvaluateEvery = 5 };
        var (r, events) = TrainWatched(s);

        // The first event says the format; every event has the clock's time.
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Empty(events[0].Values);
        Assert.All(events.Skip(1), e => Assert.Null(e.FileVersion));
        Assert.All(events, e => Assert.Equal(1.5e9, e.WallTime));

        // train/loss is the curve (windows of LogEvery = 4 steps, the last one of 2), to the float; the rates too.
        Assert.Equal([4, 8, 12, 14], r.Curve.Select(p => p.Step));
        Assert.Equal(r.Curve.Select(p => ((long)p.Step, (float)p.TrainLoss)), Scalars(events, TensorBoardObserver.LossTag));
        Assert.Equal(r.Curve.Select(p => ((long)p.Step, (float)p.LearningRate)), Scalars(events, TensorBoardObserver.LearningRateTag));
        Assert.All(r.Curve, p => Assert.True(p.LearningRate > 0));

        // The metric at 5 and 10 during the run, then the final one; the final training loss at the last step.
        var metric = Scalars(events, "eval/" + r.MetricName);
        Assert.Equal([5L, 10L, 14L], metric.Select(m => m.Step));
        Assert.Equal((float)r.TestMetric!.Value, metric[^1].Value);
        Assert.Equal([(14L, (float)r.FinalTrainLoss!.Value)], Scalars(events, TensorBoardObserver.FinalTrainLossTag));

        // Every diagnostic value at its step; the log10 |g| bins as one histogram and the zero fraction.
        Assert.NotEmpty(r.Diagnostics);
        foreach (string name in r.Diagnostics.SelectMany(d => d.Values.Keys).Where(k => !k.StartsWith("log_gradient_histogram[", StringComparison.Ordinal)).Distinct())
        {
            var expected = r.Diagnostics.Where(d => d[name] is not null).Select(d => ((long)d.Step, (float)d[name]!.Value));
            Assert.Equal(expected, Scalars(events, "diagnostics/" + name));
        }

        Assert.Contains(r.Diagnostics, d => d["gradient_norm"] is not null);
        Assert.DoesNotContain(events.SelectMany(e => e.Values), v => v.Tag.Contains('[', StringComparison.Ordinal));
        var histograms = events.SelectMany(e => e.Values.Where(v => v.Histogram is not null).Select(v => (e.Step, v.Tag, v.Histogram!))).ToList();
        Assert.Equal(r.Diagnostics.Select(d => (long)d.Step), histograms.Select(h => h.Step));
        foreach (var (point, (_, tag, h)) in r.Diagnostics.Zip(histograms))
        {
            var counts = GradientHistogramDiagnostic.Counts(point);
            Assert.Equal("diagnostics/log_gradient_histogram", tag);
            Assert.Equal(counts.Skip(1).Sum(), h.Count);
            Assert.Equal(counts.Skip(1).Sum(), h.Buckets.Sum());
            Assert.Equal(h.Buckets.Count, h.BucketLimits.Count);
            Assert.True(h.Buckets[0] > 0 && h.Buckets[^1] > 0, "from the first non-empty bin to the last");
            Assert.Equal(h.BucketLimits[^1], h.Max);
            Assert.Equal(h.BucketLimits[0] - Histogram.Width, h.Min);
            int first = Array.FindIndex(counts, 1, c => c > 0);
            Assert.Equal(Histogram.Lowest + (first * Histogram.Width), h.BucketLimits[0]);
            Assert.Equal(counts[first], h.Buckets[0]);
            Assert.InRange(h.Sum / h.Count, h.Min, h.Max);
        }

        Assert.Equal(
            r.Diagnostics.Select(d => ((long)d.Step, (float)Histogram.ZeroFraction(GradientHistogramDiagnostic.Counts(d))!.Value)),
            Scalars(events, TensorBoardObserver.ZeroFractionTag));
    }

    [Fact]
    public void AdamTwoKsSecondMomentStepsWriteNothingAndTheCurveStillMatches()
    {
        var (r, events) = TrainWatched(TrainerTests.Small("adam-2k:3") with { DiagnoseEvery = 0 });

        Assert.Equal(r.Curve.Select(p => ((long)p.Step, (float)p.TrainLoss)), Scalars(events, TensorBoardObserver.LossTag));
        Assert.All(events, e => Assert.True(e.Step >= 0));
    }

    [Fact]
    public void ADivergedRunLeavesAReadableFileThatEndsWhereTheCurveDoes()
    {
        var (r, events) = TrainWatched(TrainerTests.Small("sgd") with { LearningRate = 1e30, Steps = 20, DiagnoseEvery = 0 });

        Assert.True(r.Diverged);
        Assert.Equal(r.Curve.Select(p => ((long)p.Step, (float)p.TrainLoss)), Scalars(events, TensorBoardObserver.LossTag));
        Assert.DoesNotContain(events.SelectMany(e => e.Values), v => v.Tag.StartsWith("eval/", StringComparison.Ordinal));
        Assert.All(events.SelectMany(e => e.Values), v => Assert.True(float.IsFinite(v.Scalar!.Value)));
    }

    [Fact]
    public void AFileClosedBeforeTheRunEndsIsReadableAndLaterEventsAreDropped()
    {
        EventFileReadBack.Require();
        var board = new TensorBoardObserver(_dir.FullName, new FixedClock());
        board.Started(TrainerTests.Small(), 12);
        for (int step = 1; step <= 5; step++)
        {
            board.Stepped(new TrainingStep(step, step, 12, step, 0.5, TimeSpan.Zero));
        }

        board.Dispose();
        board.Stepped(new TrainingStep(8, 8, 12, 1, 0.5, TimeSpan.Zero));
        board.Evaluated(8, "test accuracy (%)", 50);
        board.Dispose();

        var events = EventFileReadBack.Read(board.FilePath);
        Assert.Equal([(4L, 2.5f)], Scalars(events, TensorBoardObserver.LossTag)); // (1 + 2 + 3 + 4) / 4
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void TheReaderRefusesAFileWithADamagedByte()
    {
        EventFileReadBack.Require();
        string file;
        using (var board = new TensorBoardObserver(_dir.FullName, new FixedClock()))
        {
            file = board.FilePath;
            board.Evaluated(3, "test accuracy (%)", 42);
        }

        Assert.Equal([(3L, 42f)], Scalars(EventFileReadBack.Read(file), "eval/test accuracy (%)"));
        var bytes = File.ReadAllBytes(file);
        bytes[^6] ^= 1; // in the second event's data, covered by its CRC
        File.WriteAllBytes(file, bytes);
        var (code, _, stderr) = EventFileReadBack.Run(file);
        Assert.Equal(1, code);
        Assert.Contains("record 1: bad data CRC", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ASweepRunsFolderIsReadableAndUniqueAndItsEarlierFilesAreReplaced()
    {
        var s = TrainerTests.Small("adam-2k:3") with { LearningRate = 3e-4, Beta2 = 0.99, Seed = 2 };
        string folder = TensorBoardObserver.RunFolder(s);
        Assert.Matches(@"^fmnist-mlp_[0-9a-f]{8}/adam-2k-3_lr=0\.0003_beta2=0\.99_seed=2$", folder.Replace('\\', '/'));

        // Everything in the run's key changes the folder; what changes nothing trained does not.
        string[] others =
        [
            TensorBoardObserver.RunFolder(s with { LearningRate = 3.0001e-4 }),
            TensorBoardObserver.RunFolder(s with { Beta2 = 0.999 }),
            TensorBoardObserver.RunFolder(s with { Seed = 3 }),
            TensorBoardObserver.RunFolder(s with { Method = Warmup.Experiments.Methods.MethodSpec.Parse("adam") }),
            TensorBoardObserver.RunFolder(s with { Steps = 13 }),
            TensorBoardObserver.RunFolder(s with { Task = "charlm" }),
        ];
        Assert.Equal(others.Length + 1, others.Append(folder).Distinct().Count());
        Assert.Equal(folder, TensorBoardObserver.RunFolder(s with { EvaluateEvery = 5, DiagnoseEvery = 0 }));
        Assert.Equal(Path.GetDirectoryName(folder), Path.GetDirectoryName(TensorBoardObserver.RunFolder(s with { Seed = 3 })));

        // An unfinished earlier attempt's file is replaced; other files stay.
        string run = Path.Combine(_dir.FullName, folder);
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "events.out.tfevents.1.host.1.1"), "earlier");
        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
        using var board = TensorBoardObserver.ForSweepRun(_dir.FullName, s, new FixedClock());
        Assert.Equal([Path.GetFileName(board.FilePath), "notes.txt"], Directory.GetFiles(run).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
