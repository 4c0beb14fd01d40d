using System.Diagnostics;

namespace Warmup.Cli.Commands;

/// <summary>Progress of long work as short lines on stderr: each task's start, every 20 %, and its end with the time taken.</summary>
internal sealed class ProgressLines : IProgress<(string Name, double Fraction)>
{
    private readonly Dictionary<string, (int Step, Stopwatch Clock)> _tasks = [];

    /// <inheritdoc />
    public void Report((string Name, double Fraction) value)
    {
        if (!_tasks.TryGetValue(value.Name, out var task))
        {
            task = (0, Stopwatch.StartNew());
            Console.Error.WriteLine($"{value.Name}: started");
        }

        int step = (int)Math.Floor(value.Fraction * 5);
        if (step > task.Step && value.Fraction < 1)
        {
            Console.Error.WriteLine($"{value.Name}: {20 * step} %");
        }

        if (value.Fraction >= 1 && task.Step < 5)
        {
            Console.Error.WriteLine($"{value.Name}: done in {task.Clock.Elapsed.TotalSeconds:F2} s");
            step = 5;
        }

        _tasks[value.Name] = (Math.Max(step, task.Step), task.Clock);
    }

    /// <summary>Progress of one named task, as fractions.</summary>
    /// <param name="name">The task.</param>
    public IProgress<double> For(string name) => new Named(this, name);

    private sealed class Named(ProgressLines owner, string name) : IProgress<double>
    {
        public void Report(double value) => owner.Report((name, value));
    }
}
