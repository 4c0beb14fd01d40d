namespace Warmup.Experiments.Training.Tasks;

/// <summary>
/// What the trainer, the sweeps and the reports know of a task: its name, its metric and which way is better, its
/// default batch, the parts of a run's configuration key it owns, how its data is checked before any run, and how a
/// run's model and data are built. A new task is one subclass and one line in <see cref="TrainingTasks.All"/>.
/// </summary>
public abstract class TaskDefinition
{
    /// <summary>The name on the command line and in sweep databases.</summary>
    public abstract string Name { get; }

    /// <summary>The test metric, as printed and stored ("test accuracy (%)").</summary>
    public abstract string Metric { get; }

    /// <summary>Whether a larger metric is better.</summary>
    public abstract bool HigherIsBetter { get; }

    /// <summary>Minibatch size when the settings give none.</summary>
    public abstract int DefaultBatchSize { get; }

    /// <summary>The configuration key's model part (";width=64;..."), empty when the task has no model settings in force.</summary>
    /// <param name="s">The run.</param>
    public virtual string ModelKey(TrainSettings s) => string.Empty;

    /// <summary>The configuration key's data part ("data=FOLDER" or "text=FILES"): what would be read, without reading it.</summary>
    /// <param name="s">The run.</param>
    public abstract string DataKey(TrainSettings s);

    /// <summary>
    /// Reads the run's data (once per data key: <paramref name="loaded"/> keeps what was read) and checks that the run
    /// can use it; throws naming the bad file or folder.
    /// </summary>
    /// <param name="s">The run.</param>
    /// <param name="loaded">Data read so far by this check, by <see cref="DataKey"/>.</param>
    public abstract void CheckData(TrainSettings s, IDictionary<string, object> loaded);

    /// <summary>The run's model (initialized from its seed) and data.</summary>
    /// <param name="s">The run.</param>
    internal abstract TrainingTask Create(TrainSettings s);

    /// <summary>What figures and headings call a run of this task with <paramref name="configuration"/>, for people: "char LM, post-LN".</summary>
    /// <param name="configuration">The runs' configuration key.</param>
    public virtual string Title(string configuration) => Name;

    /// <summary>
    /// The training loss of a model that predicts the uniform distribution over its K outputs, ln K: where every run
    /// starts, and where a run that learned nothing ends (<see cref="Report.Collapse"/>). Null when the run's data note
    /// does not say K.
    /// </summary>
    /// <param name="dataNote">The run's data note (what its data were).</param>
    public virtual double? ChanceLoss(string dataNote) => null;

    /// <summary>
    /// The non-inferiority margin of a comparison whose reference has mean <paramref name="referenceMean"/>, stated up front
    /// for every report: 2 % of the reference's mean for a perplexity, 1 point for an accuracy in percent.
    /// </summary>
    /// <param name="referenceMean">The reference's mean metric.</param>
    public abstract double NonInferiorityMargin(double referenceMean);

    /// <summary>The count a data note states before <paramref name="noun"/> ("2,561,069 characters, 105 symbols"), or null.</summary>
    /// <param name="note">The data note.</param>
    /// <param name="noun">The noun after the count.</param>
    private protected static int? NoteCount(string note, string noun)
    {
        ArgumentNullException.ThrowIfNull(note);
        var m = System.Text.RegularExpressions.Regex.Match(note, $@"([0-9][0-9,]*) {noun}\b");
        return m.Success && int.TryParse(m.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) && k > 1 ? k : null;
    }
}
