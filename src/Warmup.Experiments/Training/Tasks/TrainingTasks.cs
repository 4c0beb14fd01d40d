namespace Warmup.Experiments.Training.Tasks;

/// <summary>The trainer's tasks, by name.</summary>
public static class TrainingTasks
{
    /// <summary>Every task, in the order the command line lists them.</summary>
    public static IReadOnlyList<TaskDefinition> All { get; } =
    [
        new ImageTaskDefinition("fmnist-mlp", mlp: true),
        new ImageTaskDefinition("fmnist-cnn", mlp: false),
        new CharLmTaskDefinition(),
        new FortunesBowTaskDefinition(),
    ];

    /// <summary>Their names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(t => t.Name)];

    /// <summary>The task called <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException">No task has that name; the message lists them.</exception>
    public static TaskDefinition Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"--task: unknown task '{name}'; expected one of {string.Join(", ", Names)}.");
}
