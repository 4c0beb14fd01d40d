using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>A model with its data: minibatch losses for training, single-example losses for the gradient probe, and evaluation.</summary>
/// <param name="definition">What the registry knows of the task.</param>
internal abstract class TrainingTask(TaskDefinition definition) : IDisposable
{
    // TorchSharp initializes modules from its global generator: seeding and construction must not interleave between runs.
    private static readonly Lock SeedLock = new();

    /// <summary>The model.</summary>
    public abstract nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The test metric (<see cref="TaskDefinition.Metric"/>).</summary>
    public string MetricName => definition.Metric;

    /// <summary>Where the data came from (and whether it is the shipped sample).</summary>
    public abstract string DataNote { get; }

    /// <summary>Creates the task of <paramref name="s"/>, with the model initialized from <see cref="TrainSettings.Seed"/>.</summary>
    public static TrainingTask Create(TrainSettings s) => TrainingTasks.Get(s.Task).Create(s);

    /// <summary>Builds a model from a fixed seed, whatever other runs do at the same time.</summary>
    protected static T Seeded<T>(int seed, Func<T> create)
    {
        lock (SeedLock)
        {
            random.manual_seed(seed);
            return create();
        }
    }

    /// <summary>Training examples per epoch (images, or sequences covering the training text once).</summary>
    public abstract int ExamplesPerEpoch { get; }

    /// <summary>The next training minibatch: its inputs and targets (the loop times this apart from the forward pass).</summary>
    public abstract (Tensor Input, Tensor Target) NextBatch();

    /// <summary>
    /// Moves the data order on by <paramref name="count"/> batches, as if <see cref="NextBatch"/> had been called as
    /// often (a resumed run continues where the saved one was). By default it draws the batches and frees them.
    /// </summary>
    /// <param name="count">Batches to skip.</param>
    public virtual void SkipBatches(int count)
    {
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            _ = NextBatch();
        }
    }

    /// <summary>The mean loss of a minibatch from <see cref="NextBatch"/>: the model's forward pass and the loss.</summary>
    /// <param name="batch">Inputs and targets.</param>
    public abstract Tensor BatchLoss((Tensor Input, Tensor Target) batch);

    /// <summary>
    /// The mean-gradient batch is this many minibatches of fixed examples: its gradient estimates the expected gradient
    /// for the coefficient of variation, with a noise <c>1 / sqrt(4)</c> that of one minibatch (see <see cref="GradientNoise"/>).
    /// </summary>
    public const int MeanBatchFactor = 4;

    /// <summary>
    /// The generator of the probe and mean-gradient examples: seeded from the run's seed but apart from the data order,
    /// so that the number of probes never changes what is trained.
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    protected static Random ProbeRandom(int seed) => new(unchecked((seed * 1_000_003) + 77));

    /// <summary>The mean loss over a fixed set of <see cref="MeanBatchFactor"/> x batch-size training examples.</summary>
    public abstract Tensor MeanBatchLoss();

    /// <summary>The loss of probe example <paramref name="k"/> alone.</summary>
    /// <param name="k">0 .. probe count - 1.</param>
    public abstract Tensor ProbeLoss(int k);

    /// <summary>The mean loss on a fixed subset of the training data.</summary>
    public abstract double TrainingLoss();

    /// <summary>The test metric.</summary>
    public abstract double Evaluate();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the model and data tensors.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Model.Dispose();
        }
    }
}
