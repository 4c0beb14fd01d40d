using static TorchSharp.torch;

namespace Warmup.Experiments.Training.Tasks;

/// <summary>
/// Your own classifier as a task of the sweeps and reports: your data as tensors and your model, trained with
/// cross-entropy on minibatches sampled without replacement (seeded by the run), judged by test accuracy in percent;
/// the training loss is measured on the first 5,000 training rows. Register it with
/// <see cref="TrainingTasks.Register"/>, then sweep it by <see cref="Name"/> like the built-in tasks.
/// </summary>
public sealed class ClassifierTask : TaskDefinition
{
    private readonly Lazy<ClassificationData> _data;
    private readonly Func<TrainSettings, nn.Module<Tensor, Tensor>> _model;

    /// <summary>Creates the task.</summary>
    /// <param name="name">Its name in sweeps, databases and reports (letters, digits and '-').</param>
    /// <param name="data">Loads the data; called once, when the first run needs it, and shared by every run after.</param>
    /// <param name="model">Builds a run's model; called under the run's seed (TorchSharp's generator is seeded first), so the same seed gives the same initial weights.</param>
    /// <param name="dataKey">
    /// What identifies the data in a run's configuration key (runs on other data must never be averaged together): say,
    /// the data set's file and version. Default: the task's name.
    /// </param>
    /// <exception cref="ArgumentException">The name is empty or has characters other than letters, digits and '-'.</exception>
    public ClassifierTask(string name, Func<ClassificationData> data, Func<TrainSettings, nn.Module<Tensor, Tensor>> model, string? dataKey = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"A task's name is letters, digits and '-' (got '{name}').", nameof(name));
        }

        Name = name;
        _data = new Lazy<ClassificationData>(data, LazyThreadSafetyMode.ExecutionAndPublication);
        _model = model;
        DataKeyText = "data=" + (dataKey ?? name);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>"test accuracy (%)".</summary>
    public override string Metric => "test accuracy (%)";

    /// <inheritdoc />
    public override bool HigherIsBetter => true;

    /// <summary>The minibatch size when a run gives none. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <inheritdoc />
    public override int DefaultBatchSize => BatchSize;

    /// <summary>What figures and headings call the task. Default: its name.</summary>
    public string? DisplayName { get; init; }

    /// <inheritdoc />
    public override string Title(string configuration) => DisplayName ?? Name;

    /// <summary>1 point of accuracy.</summary>
    public override double NonInferiorityMargin(double referenceMean) => 1.0;

    /// <summary>ln K for the data's K classes.</summary>
    public override double? ChanceLoss(string dataNote) => _data.IsValueCreated ? Math.Log(_data.Value.Classes) : NoteCount(dataNote, "classes") is { } k ? Math.Log(k) : null;

    private string DataKeyText { get; }

    /// <inheritdoc />
    public override string DataKey(TrainSettings s) => DataKeyText;

    /// <summary>Loads the data (once) and checks that the tensors fit together.</summary>
    public override void CheckData(TrainSettings s, IDictionary<string, object> loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var d = _data.Value;
        if (d.TrainX.shape[0] != d.TrainY.shape[0] || d.TestX.shape[0] != d.TestY.shape[0] || d.TrainX.shape[0] == 0 || d.TestX.shape[0] == 0 || d.Classes < 2)
        {
            throw new InvalidDataException(
                $"Task {Name}: the data must have as many labels as inputs, some of each, and 2 classes or more (train {d.TrainX.shape[0]} inputs, {d.TrainY.shape[0]} labels; " +
                $"test {d.TestX.shape[0]} inputs, {d.TestY.shape[0]} labels; {d.Classes} classes).");
        }

        loaded[DataKeyText] = d;
    }

    internal override TrainingTask Create(TrainSettings s) => new OwnClassificationTask(s, this, _data.Value, () => _model(s));

    private sealed class OwnClassificationTask(TrainSettings s, TaskDefinition definition, ClassificationData data, Func<nn.Module<Tensor, Tensor>> model)
        : ClassificationTask(s, definition, data, model);
}
