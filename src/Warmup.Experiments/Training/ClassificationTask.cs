using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>
/// Classification on <see cref="ClassificationData"/> with cross-entropy: minibatches sampled without replacement, the
/// training loss on the first 5,000 training rows, test accuracy in percent. Subclasses supply the data and the model.
/// </summary>
internal abstract class ClassificationTask : TrainingTask
{
    private const int EvaluationChunk = 1000;
    private const int TrainingLossRows = 5000;

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly ClassificationData _data;
    private readonly EpochSampler _sampler;
    private readonly long[] _probe;
    private readonly long[] _meanBatch;

    /// <summary>Sets up sampling and probes from the run's seed, then builds the model from it.</summary>
    /// <param name="s">The run.</param>
    /// <param name="definition">What the registry knows of the task.</param>
    /// <param name="data">The shared tensors.</param>
    /// <param name="model">Builds the model (called under the run's seed).</param>
    protected ClassificationTask(TrainSettings s, TaskDefinition definition, ClassificationData data, Func<nn.Module<Tensor, Tensor>> model)
        : base(definition)
    {
        _data = data;
        int n = ExamplesPerEpoch;
        int batch = Math.Min(s.EffectiveBatchSize, n);
        _sampler = new EpochSampler(n, batch, new Random(s.Seed));
        var probes = ProbeRandom(s.Seed);
        _probe = Enumerable.Range(0, s.ProbeExamples).Select(_ => (long)probes.Next(n)).ToArray();
        _meanBatch = Enumerable.Range(0, MeanBatchFactor * batch).Select(_ => (long)probes.Next(n)).ToArray();
        _model = Seeded(s.Seed, model);
    }

    public override nn.Module<Tensor, Tensor> Model => _model;

    public override string DataNote => _data.Note;

    public override int ExamplesPerEpoch => (int)_data.TrainX.shape[0];

    public override (Tensor Input, Tensor Target) NextBatch() => Select(_sampler.Next());

    public override Tensor BatchLoss((Tensor Input, Tensor Target) batch) =>
        nn.functional.cross_entropy(_model.forward(batch.Input), batch.Target);

    public override Tensor ProbeLoss(int k) => BatchLoss(Select([_probe[k]]));

    public override Tensor MeanBatchLoss() => BatchLoss(Select(_meanBatch));

    public override double TrainingLoss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int n = Math.Min(TrainingLossRows, ExamplesPerEpoch);
        return BatchLoss((_data.TrainX[..n], _data.TrainY[..n])).item<float>();
    }

    public override double Evaluate()
    {
        // In chunks, so that the CNN's activations for 10,000 images are never all alive at once.
        using var noGrad = no_grad();
        int n = (int)_data.TestX.shape[0];
        long correct = 0;
        for (int start = 0; start < n; start += EvaluationChunk)
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(n, start + EvaluationChunk);
            correct += _model.forward(_data.TestX[start..end]).argmax(1).eq(_data.TestY[start..end]).sum().item<long>();
        }

        return 100.0 * correct / n;
    }

    private (Tensor Input, Tensor Target) Select(long[] indices)
    {
        using var index = tensor(indices);
        return (_data.TrainX.index_select(0, index), _data.TrainY.index_select(0, index));
    }
}
