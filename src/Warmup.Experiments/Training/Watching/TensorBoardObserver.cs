using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Warmup.Experiments.Training.Diagnostics;

namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// Writes a run to a TensorBoard event file (<c>tensorboard --logdir DIR</c> shows it, also while it trains):
/// <list type="bullet">
/// <item><c>train/loss</c>: the run's curve (<see cref="TrainResult.Curve"/>), the mean minibatch loss over each window of
/// <see cref="TrainSettings.LogEvery"/> steps (the last window may be shorter), at the window's last step;</item>
/// <item><c>train/learning_rate</c>: the rate that step applied (warmup included), at the same steps;</item>
/// <item><c>eval/&lt;metric&gt;</c> (<c>eval/test accuracy (%)</c>, <c>eval/validation perplexity</c>): the test metric
/// at each evaluation (<see cref="TrainSettings.EvaluateEvery"/>) and at the end; <c>eval/training loss</c>: the final
/// loss on the fixed training subset (<see cref="TrainResult.FinalTrainLoss"/>);</item>
/// <item><c>diagnostics/&lt;name&gt;</c>: each diagnostic value at each diagnostic step, except the log10 |g|
/// histogram, which is one TensorBoard histogram, <c>diagnostics/log_gradient_histogram</c> (Liu et al. Fig. 2; its
/// zero entries as <c>diagnostics/gradient_zero_fraction</c>), rather than 57 scalars.</item>
/// </list>
/// Steps are the run's own (Adam-2k's second-moment steps, numbered up to 0, have no curve and write nothing). A step
/// whose loss is not finite ends the run (a divergence): its partial window is not written, as in the curve, and the
/// file holds everything before it. Scalars are stored as floats (TensorBoard's simple_value).
/// <para>
/// One observer watches one run and writes one new file, created with the observer. Each event is handed to the
/// operating system as it is written (TensorBoard sees the run live; a killed process loses nothing written);
/// <see cref="Finished"/> and <see cref="Dispose"/> close the file. Writes nothing to the console.
/// </para>
/// <para>
/// The writer is our own (<see cref="EventFileWriter"/>: TFRecord framing and a hand-encoded <c>Event</c> message),
/// not TorchSharp 0.107's <c>torch.utils.tensorboard.SummaryWriter</c>: that one stamps the file_version event's
/// wall_time with <c>DateTime.Now.Ticks</c> (100 ns units since year 1, read as seconds by TensorBoard) and the others
/// with whole Unix seconds (source of dotnet/TorchSharp <c>src/TorchSharp/Utils/tensorboard/SummaryWriter.cs</c>, as of
/// commit c20b6a1, whose <c>add_scalar(string, float, int, long?)</c> matches the 0.107 assembly), reopens the file for
/// every event, computes CRCs in native code, is not disposable, and puts one value in each event.
/// </para>
/// </summary>
public sealed class TensorBoardObserver : ITrainingObserver, IDisposable
{
    /// <summary>The tag of the training curve's loss.</summary>
    public const string LossTag = "train/loss";

    /// <summary>The tag of the rate applied.</summary>
    public const string LearningRateTag = "train/learning_rate";

    /// <summary>The tag of the final loss on the fixed training subset.</summary>
    public const string FinalTrainLossTag = "eval/training loss";

    /// <summary>The tag of the log10 |g| histogram.</summary>
    public const string GradientHistogramTag = "diagnostics/" + GradientHistogramDiagnostic.HistogramName;

    /// <summary>The tag of the fraction of gradient entries exactly 0.</summary>
    public const string ZeroFractionTag = "diagnostics/gradient_zero_fraction";

    private const string HistogramBinPrefix = GradientHistogramDiagnostic.HistogramName + "[";

    private readonly Lock _gate = new();
    private EventFileWriter? _writer;
    private int _logEvery = TrainSettings.DefaultLogEvery; // until Started gives the run's
    private double _window;
    private int _windowSteps;

    /// <summary>Creates <paramref name="folder"/> if needed and a new event file in it.</summary>
    /// <param name="folder">The folder: TensorBoard shows each folder under its --logdir as a run.</param>
    /// <param name="clock">The wall clock stamped on the events (default: the system's).</param>
    public TensorBoardObserver(string folder, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _writer = new EventFileWriter(folder, clock ?? TimeProvider.System);
        FilePath = _writer.Path;
    }

    /// <summary>The event file.</summary>
    public string FilePath { get; }

    /// <summary>The file is closed: the run finished, or the observer was disposed.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _writer is null;
            }
        }
    }

    /// <summary>
    /// An observer of one run of a sweep, in <paramref name="root"/>/<see cref="RunFolder"/>. Event files already in
    /// that folder are deleted first: a sweep watches only the runs it trains, so they are of an attempt at this run
    /// that did not finish (the sweep was stopped), and TensorBoard would show both.
    /// </summary>
    /// <param name="root">The sweep's TensorBoard folder.</param>
    /// <param name="run">The run.</param>
    /// <param name="clock">The wall clock (default: the system's).</param>
    public static TensorBoardObserver ForSweepRun(string root, TrainSettings run, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        string folder = Path.Combine(root, RunFolder(run));
        if (Directory.Exists(folder))
        {
            foreach (string earlier in Directory.EnumerateFiles(folder, EventFileWriter.FilePrefix + "*"))
            {
                File.Delete(earlier);
            }
        }

        return new TensorBoardObserver(folder, clock);
    }

    /// <summary>
    /// A run's folder under a sweep's TensorBoard folder, unique to its <see cref="Sweeps.RunKey"/>:
    /// <c>&lt;task&gt;_&lt;configuration hash&gt;/&lt;method&gt;_lr=&lt;lr&gt;_beta2=&lt;beta2&gt;_seed=&lt;seed&gt;</c>,
    /// e.g. <c>fmnist-mlp_3f9a0c12/untuned-linear_lr=0.001_beta2=0.999_seed=1</c>. The hash (first 8 hex digits of the
    /// SHA-256 of <see cref="TrainSettings.Configuration"/>) keeps sweeps of other lengths, batch sizes or models apart;
    /// numbers are in round-trip form; characters other than letters, digits and <c>.=-</c> become '-' (adam-2k:3 is
    /// adam-2k-3).
    /// </summary>
    /// <param name="run">The run.</param>
    public static string RunFolder(TrainSettings run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var c = CultureInfo.InvariantCulture;
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.Configuration)))[..8];
        return Path.Combine(
            Safe(run.Task) + "_" + hash,
            string.Join('_', Safe(run.Method.Name), Safe(string.Create(c, $"lr={run.LearningRate:R}")), Safe(string.Create(c, $"beta2={run.Beta2:R}")), string.Create(c, $"seed={run.Seed}")));
    }

    /// <inheritdoc />
    public void Started(TrainSettings settings, int totalSteps)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            (_logEvery, _window, _windowSteps) = (settings.LogEvery, 0, 0);
        }
    }

    /// <inheritdoc />
    public void Stepped(TrainingStep taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (taken.Step < 1 || !double.IsFinite(taken.Loss))
        {
            return;
        }

        lock (_gate)
        {
            // The same sum, in the same order, as the trainer's curve: the same mean to the last bit.
            _window += taken.Loss;
            if (++_windowSteps == _logEvery || taken.Done == taken.Total)
            {
                Write(w => w.Scalars(taken.Step, [(LossTag, _window / _windowSteps), (LearningRateTag, taken.LearningRate)]));
                (_window, _windowSteps) = (0, 0);
            }
        }
    }

    /// <inheritdoc />
    public void Diagnosed(DiagnosticPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var scalars = point.Values
            .Where(kv => !kv.Key.StartsWith(HistogramBinPrefix, StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => ("diagnostics/" + kv.Key, kv.Value))
            .ToList();
        var counts = GradientHistogramDiagnostic.Counts(point);
        var histogram = EventHistogram.OfLogGradients(counts);
        if (Histogram.ZeroFraction(counts) is double zeros)
        {
            scalars.Add((ZeroFractionTag, zeros));
        }

        lock (_gate)
        {
            Write(w =>
            {
                w.Scalars(point.Step, scalars);
                if (histogram is not null)
                {
                    w.Histogram(point.Step, GradientHistogramTag, histogram);
                }
            });
        }
    }

    /// <inheritdoc />
    public void Evaluated(int afterStep, string metric, double value)
    {
        ArgumentNullException.ThrowIfNull(metric);
        lock (_gate)
        {
            Write(w => w.Scalars(afterStep, [("eval/" + metric, value)]));
        }
    }

    /// <summary>Writes the final training loss (unless the run diverged) and closes the file.</summary>
    /// <param name="result">The run's result.</param>
    public void Finished(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (result.FinalTrainLoss is double loss)
            {
                Write(w => w.Scalars(result.StepsDone, [(FinalTrainLossTag, loss)]));
            }

            Close();
        }
    }

    /// <summary>Closes the file (everything written stays readable); events after this are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    // Caller holds _gate. Events after the file is closed (after Finished, or Dispose by a sweep being stopped) are
    // dropped. A file that cannot be written (a full disk) fails the run with the IOException, as a database would.
    private void Write(Action<EventFileWriter> events)
    {
        if (_writer is { } w)
        {
            events(w);
            w.Flush();
        }
    }

    // Caller holds _gate.
    private void Close()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '=' or '-' ? ch : '-'));
}
