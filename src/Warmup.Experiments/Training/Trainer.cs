using System.Diagnostics;
using Warmup.Core.Statistics;
using Warmup.Experiments.Training.Checkpoints;
using Warmup.Experiments.Training.Diagnostics;
using Warmup.Experiments.Training.Watching;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>
/// Trains one model with one method, recording the training curve and, at diagnostic steps, the papers' diagnostics.
/// A non-finite loss ends the run as a divergence, not an error.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <paramref name="s"/>, or continues it from its saved state.</summary>
    /// <param name="s">The run.</param>
    /// <param name="observer">Watches the run: every step, the diagnostics, evaluations and the end (see <see cref="ITrainingObserver"/>).</param>
    /// <param name="timer">Records each step's phases (see <see cref="LoopTimer"/>); the run computes the same numbers with or without it.</param>
    /// <param name="checkpoints">
    /// Where the run saves itself: when it ends, when it is stopped, and every <see cref="TrainingCheckpoints.Every"/>
    /// steps; with <see cref="TrainingCheckpoints.Resume"/>, the saved run (which must have the same settings) is
    /// continued, and ends with the numbers the run would have had without the stop, bit for bit.
    /// </param>
    /// <param name="cancel">Stops between steps (saving first, when <paramref name="checkpoints"/> are kept).</param>
    /// <exception cref="InvalidDataException">The run to continue has other settings, or its files cannot be read; the message names them.</exception>
    public static TrainResult Run(
        TrainSettings s, ITrainingObserver? observer = null, LoopTimer? timer = null, TrainingCheckpoints? checkpoints = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        s.Validate();
        var saved = checkpoints is { Resume: true } ? RunCheckpoint.Read(checkpoints.Folder) : null;
        if (saved is not null && RunCheckpoint.Describe(saved.Settings with { EvaluateEvery = s.EvaluateEvery }) != RunCheckpoint.Describe(s))
        {
            throw new InvalidDataException(
                $"{Path.Combine(checkpoints!.Folder, RunCheckpoint.RunFile)} is a run with other settings ({RunCheckpoint.Describe(saved.Settings)}); it was left as it was.");
        }

        var clock = Stopwatch.StartNew();
        using var task = TrainingTask.Create(s);
        var parameters = task.Model.parameters().ToList();
        using var optimizer = s.Method.Create(parameters, s.Hyperparameters);
        int steps = s.Epochs is double epochs ? Math.Max(1, (int)Math.Ceiling(epochs * task.ExamplesPerEpoch / s.EffectiveBatchSize)) : s.Steps;

        // Adam-2k's v-only steps come first, numbered -K + 1 .. 0 as in Liu et al., with no curve or diagnostics.
        int extra = s.Method.ExtraSteps;
        var loop = Stopwatch.StartNew();
        var context = new DiagnosticContext(task, s, parameters, optimizer, new Quantiles([0.5]));
        var curve = new List<CurvePoint>();
        var diagnostics = new List<DiagnosticPoint>();
        double window = 0;
        int windowSteps = 0;
        int? divergedAt = null;
        int step = -extra;
        double secondsBefore = 0, loopSecondsBefore = 0;
        if (saved is not null)
        {
            RunCheckpoint.Load(checkpoints!.Folder, saved, task.Model, optimizer);
            task.SkipBatches(saved.Done);
            (step, window, windowSteps, divergedAt) = (saved.Step, saved.Window, saved.WindowSteps, saved.DivergedAt);
            curve.AddRange(saved.Curve);
            diagnostics.AddRange(saved.Diagnostics.Select(d => d.ToPoint()));
            (secondsBefore, loopSecondsBefore) = (saved.Seconds, saved.LoopSeconds);
        }

        // The state after the last whole step, as saved; the file names are set by the save.
        SavedRun Progress(bool finished) => new(
            RunCheckpoint.Format, s, step, step + extra, window, windowSteps, secondsBefore + clock.Elapsed.TotalSeconds, loopSecondsBefore + loop.Elapsed.TotalSeconds,
            finished, divergedAt, string.Empty, string.Empty, [.. curve], [.. diagnostics.Select(SavedDiagnostic.Of)]);
        void Save(bool finished)
        {
            if (checkpoints is not null)
            {
                RunCheckpoint.Save(checkpoints.Folder, Progress(finished), task.Model, optimizer);
            }
        }

        observer?.Started(s, steps + extra);
        task.Model.train();
        while (step < steps && divergedAt is null)
        {
            // The timer only reads timestamps between the phases (the previous step's ends here, after its scope is freed).
            timer?.NextStep();
            if (cancel.IsCancellationRequested)
            {
                Save(finished: false);
                cancel.ThrowIfCancellationRequested();
            }

            step++;
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            timer?.Mark(LoopPhase.ZeroGrad);
            var batch = task.NextBatch();
            timer?.Mark(LoopPhase.Data);
            var loss = task.BatchLoss(batch);
            timer?.Mark(LoopPhase.Forward);
            loss.backward();
            timer?.Mark(LoopPhase.Backward);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
            {
                divergedAt = step;
                observer?.Stepped(new TrainingStep(step, step + extra, steps + extra, value, double.NaN, loop.Elapsed));
                break;
            }

            bool diagnose = step >= 1 && IsDiagnosticStep(step, s.DiagnoseEvery);
            var before = diagnose ? TrainingDiagnostics.All.Select(d => d.BeforeStep(context)).ToArray() : [];

            timer?.Mark(LoopPhase.Other);
            optimizer.step();

            timer?.Mark(LoopPhase.Step);

            // The rate the step applied: Adam-family optimizers say it after each step (warmup and rules included; the mean
            // over a group's elements where rules differ per tensor); SGD's rate is constant.
            double EffectiveRate() => optimizer is AdaptiveOptimizer adaptive ? adaptive.LastStep.LearningRate : s.LearningRate;
            if (diagnose)
            {
                var after = context with { LearningRate = EffectiveRate() };
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < before.Length; i++)
                {
                    TrainingDiagnostics.All[i].AfterStep(after, before[i], values);
                }

                var point = new DiagnosticPoint(step, value, after.LearningRate, values.Where(kv => !double.IsNaN(kv.Value)).ToDictionary(StringComparer.Ordinal));
                diagnostics.Add(point);
                observer?.Diagnosed(point);
            }

            if (step >= 1)
            {
                window += value;
                if (++windowSteps == s.LogEvery || step == steps)
                {
                    curve.Add(new CurvePoint(step, window / windowSteps, EffectiveRate()));
                    (window, windowSteps) = (0, 0);
                }
            }

            if (checkpoints is { Every: > 0 } && step >= 1 && step % checkpoints.Every == 0 && step < steps)
            {
                Save(finished: false);
            }

            if (observer is not null)
            {
                observer.Stepped(new TrainingStep(step, step + extra, steps + extra, value, EffectiveRate(), loop.Elapsed));
                if (step >= 1 && s.EvaluateEvery > 0 && step % s.EvaluateEvery == 0 && step < steps)
                {
                    // Evaluation reads the model under no_grad in eval mode and draws nothing from the training data's order.
                    task.Model.eval();
                    double during = task.Evaluate();
                    task.Model.train();
                    observer.Evaluated(step, task.MetricName, during);
                }
            }
        }

        double loopSeconds = loopSecondsBefore + loop.Elapsed.TotalSeconds;
        timer?.Close();
        Save(finished: true);
        task.Model.eval();
        double? trainLoss = divergedAt is null ? Finite(task.TrainingLoss()) : null;
        double? metric = divergedAt is null ? Finite(task.Evaluate()) : null;
        timer?.AfterTraining?.Invoke(new TrainedLoop(parameters, optimizer, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            task.BatchLoss(task.NextBatch());
        }));
        bool diverged = divergedAt is not null || trainLoss is null || metric is null;
        if (metric is { } m)
        {
            observer?.Evaluated(Math.Max(0, step), task.MetricName, m);
        }

        var result = new TrainResult(s, trainLoss, metric, task.MetricName, diverged, divergedAt ?? (diverged ? step : null), Math.Max(0, step), secondsBefore + clock.Elapsed.TotalSeconds, loopSeconds, curve, diagnostics, task.DataNote);
        observer?.Finished(result);
        return result;
    }

    /// <summary>Every step up to 10, every 5th up to 100, then every <paramref name="every"/>-th; never when 0.</summary>
    /// <param name="step">The step.</param>
    /// <param name="every">The interval after step 100.</param>
    public static bool IsDiagnosticStep(int step, int every) =>
        every > 0 && (step <= 10 || (step <= 100 && step % 5 == 0) || step % every == 0);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
