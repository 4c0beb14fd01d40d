using System.Diagnostics;
using TorchSharp.Modules;
using Warmup.Analysis.Statistics;
using Warmup.Optim;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>
/// Trains one model with one method, recording the training curve and, at diagnostic steps, the papers' diagnostics.
/// A non-finite loss ends the run as a divergence, not an error.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <paramref name="s"/>.</summary>
    /// <param name="s">The run.</param>
    /// <param name="progress">Receives the fraction of steps done (every 1 %).</param>
    /// <param name="optimizerFactory">Builds the optimizer instead of the method (for benchmarks against other optimizers); the method still names the run.</param>
    /// <param name="timer">Records each step's phases (see <see cref="LoopTimer"/>); the run computes the same numbers with or without it.</param>
    /// <param name="cancel">Stops between steps.</param>
    public static TrainResult Run(
        TrainSettings s, IProgress<double>? progress = null, Func<IEnumerable<Parameter>, optim.Optimizer>? optimizerFactory = null, LoopTimer? timer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        s.Validate();
        var clock = Stopwatch.StartNew();
        using var task = TrainingTask.Create(s);
        var parameters = task.Model.parameters().ToList();
        using var optimizer = optimizerFactory?.Invoke(parameters) ?? s.Method.Create(parameters, s.Hyperparameters);
        int steps = s.Epochs is double epochs ? Math.Max(1, (int)Math.Ceiling(epochs * task.ExamplesPerEpoch / s.EffectiveBatchSize)) : s.Steps;

        // Adam-2k's v-only steps come first, numbered -K + 1 .. 0 as in Liu et al., with no curve or diagnostics.
        int extra = optimizerFactory is null ? s.Method.ExtraSteps : 0;
        var loop = Stopwatch.StartNew();
        var median = new Quantiles([0.5]);
        var curve = new List<CurvePoint>();
        var diagnostics = new List<DiagnosticPoint>();
        double window = 0;
        int windowSteps = 0;
        int? divergedAt = null;
        int step = -extra;
        int reported = -1;
        task.Model.train();
        while (step < steps && divergedAt is null)
        {
            // The timer only reads timestamps between the phases (the previous step's ends here, after its scope is freed).
            timer?.NextStep();
            cancel.ThrowIfCancellationRequested();
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
                break;
            }

            bool diagnose = step >= 1 && IsDiagnosticStep(step, s.DiagnoseEvery);
            int[] histogram = [];
            double? cv = null;
            List<Tensor> before = [];
            if (diagnose)
            {
                histogram = GradientHistogram(parameters);
                cv = GradientCoefficientOfVariation(task, parameters, s.ProbeExamples, s.EffectiveBatchSize, median);
                before = parameters.Select(p => p.detach().clone()).ToList();
            }

            timer?.Mark(LoopPhase.Other);
            optimizer.step();

            timer?.Mark(LoopPhase.Step);

            // Read only where it is recorded (diagnostic steps and curve points), not on every step.
            // Adam-family optimizers say what their own rule applies at a step; SGD's rate is constant.
            double EffectiveRate() => optimizer is AdaptiveOptimizer adaptive ? adaptive.EffectiveLearningRate(step + extra) : s.LearningRate;
            if (diagnose)
            {
                double lr = EffectiveRate();
                diagnostics.Add(new DiagnosticPoint(step, value, lr, MedianUpdate(parameters, before, lr, median), MomentCorrelation(optimizer, parameters), cv, histogram));
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

            int percent = 100 * (step + extra) / (steps + extra);
            if (percent != reported)
            {
                reported = percent;
                progress?.Report((double)(step + extra) / (steps + extra));
            }
        }

        double loopSeconds = loop.Elapsed.TotalSeconds;
        timer?.Close();
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
        return new TrainResult(s, trainLoss, metric, task.MetricName, diverged, divergedAt ?? (diverged ? step : null), Math.Max(0, step), clock.Elapsed.TotalSeconds, loopSeconds, curve, diagnostics, task.DataNote);
    }

    /// <summary>Every step up to 10, every 5th up to 100, then every <paramref name="every"/>-th; never when 0.</summary>
    /// <param name="step">The step.</param>
    /// <param name="every">The interval after step 100.</param>
    public static bool IsDiagnosticStep(int step, int every) =>
        every > 0 && (step <= 10 || (step <= 100 && step % 5 == 0) || step % every == 0);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static int[] GradientHistogram(List<Parameter> parameters)
    {
        var counts = new int[Histogram.Bins];
        foreach (var p in parameters)
        {
            using var g = p.grad;
            if (g is null)
            {
                continue;
            }

            foreach (float x in Values(g))
            {
                counts[Histogram.BinOf(x)]++;
            }
        }

        return counts;
    }

    // The mean-batch gradient and the probe examples' individual gradients (see GradientNoise); the minibatch
    // gradients are restored afterwards.
    private static double? GradientCoefficientOfVariation(TrainingTask task, List<Parameter> parameters, int probes, int batch, Quantiles median)
    {
        var saved = parameters.Select(p => p.grad?.clone()).ToList();
        int n = parameters.Sum(p => (int)p.numel());
        var mean = new float[n];
        var sum = new double[n];
        var squares = new double[n];
        Backward(task.MeanBatchLoss);
        Accumulate(parameters, (offset, values) => values.CopyTo(mean.AsSpan(offset)));
        for (int k = 0; k < probes; k++)
        {
            Backward(() => task.ProbeLoss(k));
            Accumulate(parameters, (offset, values) =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    sum[offset + i] += values[i];
                    squares[offset + i] += values[i] * (double)values[i];
                }
            });
        }

        using (no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                if (saved[i] is { } s)
                {
                    using var g = parameters[i].grad;
                    g!.copy_(s);
                    s.Dispose();
                }
            }
        }

        var cvs = GradientNoise.CoefficientsOfVariation(mean, sum, squares, probes, batch, TrainingTask.MeanBatchFactor * batch);
        return cvs.Length == 0 ? null : Median(median, cvs);

        void Backward(Func<Tensor> loss)
        {
            foreach (var p in parameters)
            {
                using var g = p.grad;
                g?.zero_();
            }

            using var scope = NewDisposeScope();
            loss().backward();
        }
    }

    // Calls visit(offset, values) with each parameter's gradient (skipping parameters without one).
    private static void Accumulate(List<Parameter> parameters, Action<int, float[]> visit)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            using var g = p.grad;
            if (g is not null)
            {
                visit(offset, Values(g));
            }

            offset += (int)p.numel();
        }
    }

    private static double? MedianUpdate(List<Parameter> parameters, List<Tensor> before, double lr, Quantiles median)
    {
        if (!(lr > 0))
        {
            return null;
        }

        var moves = new List<float>();
        for (int i = 0; i < parameters.Count; i++)
        {
            using var change = (parameters[i].detach() - before[i]).abs();
            moves.AddRange(Values(change));
            before[i].Dispose();
        }

        return Median(median, moves.ToArray()) / lr;
    }

    private static double? MomentCorrelation(optim.Optimizer optimizer, List<Parameter> parameters)
    {
        if (optimizer is not AdaptiveOptimizer adaptive)
        {
            return null;
        }

        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        foreach (var p in parameters)
        {
            var state = adaptive.StateOf(p);
            var m = Values(state.ExpAvg);
            var v = Values(state.ExpAvgSq);
            for (int i = 0; i < m.Length; i++)
            {
                double x = Math.Abs(m[i]), y = Math.Sqrt(v[i]);
                (n, sx, sy, sxx, syy, sxy) = (n + 1, sx + x, sy + y, sxx + (x * x), syy + (y * y), sxy + (x * y));
            }
        }

        double cov = sxy - (sx * sy / n), vx = sxx - (sx * sx / n), vy = syy - (sy * sy / n);
        return vx > 0 && vy > 0 ? cov / Math.Sqrt(vx * vy) : null;
    }

    private static double Median(Quantiles q, float[] values)
    {
        Span<double> result = stackalloc double[1];
        q.Compute(values, result);
        return result[0];
    }

    private static float[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.detach().flatten().contiguous();
        var f = flat.dtype == ScalarType.Float32 ? flat : flat.to_type(ScalarType.Float32);
        var values = f.data<float>().ToArray();
        GC.KeepAlive(f);
        GC.KeepAlive(t);
        return values;
    }
}
