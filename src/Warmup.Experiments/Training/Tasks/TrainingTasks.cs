namespace Warmup.Experiments.Training.Tasks;

/// <summary>The trainer's tasks, by name: the built-in ones, and yours once registered (<see cref="Register"/>).</summary>
public static class TrainingTasks
{
    private static readonly Lock Gate = new();
    private static IReadOnlyList<TaskDefinition> _all =
    [
        new ImageTaskDefinition("fmnist-mlp", mlp: true),
        new ImageTaskDefinition("fmnist-cnn", mlp: false),
        new CharLmTaskDefinition(),
        new FortunesBowTaskDefinition(),
    ];

    /// <summary>Every task, in the order the command line lists them, then the registered ones in the order registered.</summary>
    public static IReadOnlyList<TaskDefinition> All => Volatile.Read(ref _all);

    /// <summary>Their names.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(t => t.Name)];

    /// <summary>
    /// Adds your task, so that runs, sweeps and reports know it by its name (for the life of the process). Registering
    /// the same definition again does nothing.
    /// </summary>
    /// <param name="task">The task: a <see cref="ClassifierTask"/> (the built-in kinds of task are registered already).</param>
    /// <exception cref="ArgumentException">Another task has that name.</exception>
    public static void Register(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (Gate)
        {
            var existing = _all.FirstOrDefault(t => t.Name == task.Name);
            if (ReferenceEquals(existing, task))
            {
                return;
            }

            if (existing is not null)
            {
                throw new ArgumentException($"A task called '{task.Name}' is registered already; give yours another name.", nameof(task));
            }

            Volatile.Write(ref _all, [.. _all, task]);
        }
    }

    /// <summary>The task called <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException">No task has that name; the message lists them.</exception>
    public static TaskDefinition Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"--task: unknown task '{name}'; expected one of {string.Join(", ", Names)}.");
}
