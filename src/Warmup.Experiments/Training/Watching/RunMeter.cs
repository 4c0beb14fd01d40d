using System.Globalization;

namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// What a live line shows of a run: the step, the loss smoothed over the last steps, the rate the step applied,
/// steps per second and the time left. An <see cref="ITrainingObserver"/>; read <see cref="Line"/> whenever you want
/// to show it (it is cheap; updating happens on the training thread).
/// </summary>
/// <param name="smoothing">Weight of the past in the loss's moving average (bias-corrected, as Adam's moments): 0.98 averages over about 50 steps.</param>
public sealed class RunMeter(double smoothing = RunMeter.DefaultSmoothing) : ITrainingObserver
{
    /// <summary>The default weight of the past in the smoothed loss: about the last 50 steps.</summary>
    public const double DefaultSmoothing = 0.98;

    /// <summary>Steps per second are measured over windows of at least this long, then averaged like the loss.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private double _average;
    private int _averaged;
    private TimeSpan _windowStart;
    private int _windowDone;
    private double _stepsPerSecond = double.NaN;
    private TrainingStep? _last;
    private (int Step, string Metric, double Value)? _evaluated;

    /// <summary>The last step seen, or null before the first.</summary>
    public TrainingStep? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>The loss averaged over the last steps (bias-corrected), or NaN before the first finite one.</summary>
    public double SmoothedLoss
    {
        get
        {
            lock (_gate)
            {
                return _averaged == 0 ? double.NaN : _average / (1 - Math.Pow(smoothing, _averaged));
            }
        }
    }

    /// <summary>Steps per second over the last windows of <see cref="RateWindow"/>; NaN until the first window closes.</summary>
    public double StepsPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _stepsPerSecond;
            }
        }
    }

    /// <summary>The last evaluation during the run (see <see cref="TrainSettings.EvaluateEvery"/>), or null.</summary>
    public (int Step, string Metric, double Value)? LastEvaluation
    {
        get
        {
            lock (_gate)
            {
                return _evaluated;
            }
        }
    }

    /// <summary>Time left at the current speed, or null while it is unknown.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            lock (_gate)
            {
                return _last is { } s && _stepsPerSecond > 0 ? TimeSpan.FromSeconds((s.Total - s.Done) / _stepsPerSecond) : null;
            }
        }
    }

    /// <summary>
    /// "step 420/2,000 (21 %), loss 2.314, lr 4.1e-3, 38 steps/s, 0:41 left", with the last evaluation when there was
    /// one ("test accuracy (%) 84.20 at 400"); "starting" before the first step.
    /// </summary>
    public string Line
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var last = Last;
            if (last is null)
            {
                return "starting";
            }

            double loss = SmoothedLoss;
            double speed = StepsPerSecond;
            var parts = new List<string>
            {
                string.Create(c, $"step {last.Step:N0}/{last.Total - (last.Done - last.Step):N0} ({100 * last.Fraction:F0} %)"),
                double.IsFinite(last.Loss) ? string.Create(c, $"loss {loss:F3}") : "loss not finite",
                string.Create(c, $"lr {Rate(last.LearningRate)}"),
                double.IsNaN(speed) ? "- steps/s" : string.Create(c, $"{speed:G3} steps/s"),
                Remaining is { } left ? $"{Clock(left)} left" : "- left",
            };
            if (LastEvaluation is { } e)
            {
                parts.Add(string.Create(c, $"{e.Metric} {e.Value:F2} at {e.Step:N0}"));
            }

            return string.Join(", ", parts);
        }
    }

    /// <inheritdoc />
    public void Stepped(TrainingStep taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        lock (_gate)
        {
            if (_last is null)
            {
                (_windowStart, _windowDone) = (taken.Elapsed, taken.Done);
            }

            _last = taken;
            if (double.IsFinite(taken.Loss))
            {
                _average = (smoothing * _average) + ((1 - smoothing) * taken.Loss);
                _averaged++;
            }

            var span = taken.Elapsed - _windowStart;
            if (span >= RateWindow && taken.Done > _windowDone)
            {
                double speed = (taken.Done - _windowDone) / span.TotalSeconds;
                _stepsPerSecond = double.IsNaN(_stepsPerSecond) ? speed : (0.5 * _stepsPerSecond) + (0.5 * speed);
                (_windowStart, _windowDone) = (taken.Elapsed, taken.Done);
            }
        }
    }

    /// <inheritdoc />
    public void Evaluated(int afterStep, string metric, double value)
    {
        lock (_gate)
        {
            _evaluated = (afterStep, metric, value);
        }
    }

    /// <summary>"4.1e-3", "0" or "-" (not a number): a rate in three characters' precision.</summary>
    /// <param name="rate">The rate.</param>
    public static string Rate(double rate) =>
        double.IsNaN(rate) ? "-" : rate == 0 ? "0" : rate.ToString("0.0#e0", CultureInfo.InvariantCulture);

    /// <summary>"0:41", "12:05" or "3:02:10".</summary>
    /// <param name="time">The time span.</param>
    public static string Clock(TimeSpan time) =>
        time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes}:{time.Seconds:00}");
}
