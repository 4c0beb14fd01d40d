using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary>
/// Live lines of runs in training, on stderr. On a terminal: one status line at the bottom (the runs in flight, each
/// with its <see cref="RunMeter.Line"/>), rewritten at most four times a second, with other lines printed above it.
/// Redirected (CI, scripts, Slurm logs): a run's line each time it passes another 1 / <c>bins</c> of its steps, and
/// when it ends.
/// </summary>
internal sealed class LiveStatus : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly int _bins;
    private readonly List<Watched> _runs = [];
    private readonly Timer? _timer;
    private int _shown;

    /// <param name="bins">When redirected, a run prints its line every 1 / bins of its steps.</param>
    public LiveStatus(int bins)
    {
        _bins = Math.Max(1, bins);
        _timer = _terminal ? new Timer(_ => Render(), null, Refresh, Refresh) : null;
    }

    /// <summary>An observer of one run, shown as "<paramref name="name"/>: step 420/2,000 (21 %), loss ...".</summary>
    /// <param name="name">What the line calls the run.</param>
    public ITrainingObserver Watch(string name)
    {
        var run = new Watched(this, name);
        lock (_gate)
        {
            _runs.Add(run);
        }

        return run;
    }

    /// <summary>Prints a line above the status line.</summary>
    /// <param name="line">The line.</param>
    public void Print(string line)
    {
        lock (_gate)
        {
            Clear();
            Console.Error.WriteLine(line);
            Draw();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            Clear();
            _runs.Clear();
        }
    }

    private void Render()
    {
        lock (_gate)
        {
            Clear();
            Draw();
        }
    }

    // Caller holds _gate.
    private void Draw()
    {
        if (!_terminal || _runs.Count == 0)
        {
            return;
        }

        string text = string.Join(" | ", _runs.Select(r => $"{r.Name}: {r.Meter.Line}"));
        int width = Width() - 1;
        text = text.Length > width ? text[..Math.Max(0, width - 1)] + "…" : text;
        Console.Error.Write(text);
        _shown = text.Length;
    }

    // Caller holds _gate.
    private void Clear()
    {
        if (_terminal && _shown > 0)
        {
            Console.Error.Write("\r\u001b[K");
            _shown = 0;
        }
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private sealed class Watched(LiveStatus owner, string name) : ITrainingObserver
    {
        private int _bin;

        public string Name => name;

        public RunMeter Meter { get; } = new();

        public void Stepped(TrainingStep taken)
        {
            Meter.Stepped(taken);
            int bin = (int)Math.Floor(taken.Fraction * owner._bins);
            if (!owner._terminal && bin > _bin && taken.Done < taken.Total)
            {
                _bin = bin;
                owner.Print($"{name}: {Meter.Line}");
            }
        }

        public void Evaluated(int afterStep, string metric, double value) => Meter.Evaluated(afterStep, metric, value);

        public void Finished(TrainResult result)
        {
            lock (owner._gate)
            {
                owner._runs.Remove(this);
            }
        }
    }
}
