using TorchSharp;
using Warmup.Experiments.Data;
using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>Fashion-MNIST classification with the MLP or the CNN; test accuracy in percent.</summary>
internal sealed class ImageTask : TrainingTask
{
    // Fashion-MNIST's pixel mean and standard deviation over the training set (scaled to [0, 1]).
    private const float Mean = 0.2860f;
    private const float Std = 0.3530f;
    private const int EvaluationChunk = 1000;

    // The normalised tensors of each folder, built once and shared, read-only, by every run (they are ~220 MB).
    private static readonly Dictionary<string, Images> Loaded = [];

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly Images _data;
    private readonly EpochSampler _sampler;
    private readonly int[] _probe;
    private readonly long[] _meanBatch;

    public ImageTask(TrainSettings s, TaskDefinition definition, Func<nn.Module<Tensor, Tensor>> model)
        : base(definition)
    {
        _data = Load(s.DataFolder);
        DataNote = _data.Note;
        int n = (int)_data.TrainX.shape[0];
        int batch = Math.Min(s.EffectiveBatchSize, n);
        _sampler = new EpochSampler(n, batch, new Random(s.Seed));
        var probes = ProbeRandom(s.Seed);
        _probe = Enumerable.Range(0, s.ProbeExamples).Select(_ => probes.Next(n)).ToArray();
        _meanBatch = Enumerable.Range(0, MeanBatchFactor * batch).Select(_ => (long)probes.Next(n)).ToArray();
        _model = Seeded(s.Seed, model);
    }

    public override nn.Module<Tensor, Tensor> Model => _model;

    public override string DataNote { get; }

    public override int ExamplesPerEpoch => (int)_data.TrainX.shape[0];

    public override (Tensor Input, Tensor Target) NextBatch() => Select(_sampler.Next());

    public override Tensor BatchLoss((Tensor Input, Tensor Target) batch) =>
        nn.functional.cross_entropy(_model.forward(batch.Input), batch.Target);

    public override Tensor ProbeLoss(int k) => Loss([_probe[k]]);

    public override Tensor MeanBatchLoss() => Loss(_meanBatch);

    public override double TrainingLoss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = Math.Min(5000, _data.TrainX.shape[0]);
        return nn.functional.cross_entropy(_model.forward(_data.TrainX[..(int)n]), _data.TrainY[..(int)n]).item<float>();
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
            var predicted = _model.forward(_data.TestX[start..end]).argmax(1);
            correct += predicted.eq(_data.TestY[start..end]).sum().item<long>();
        }

        return 100.0 * correct / n;
    }

    private static Images Load(string? folder)
    {
        lock (Loaded)
        {
            var key = folder ?? string.Empty;
            if (!Loaded.TryGetValue(key, out var images))
            {
                var data = FashionMnist.Load(folder);
                var note = data.IsSample
                    ? $"Fashion-MNIST SAMPLE shipped in the repository ({data.Train.Count:N0} training, {data.Test.Count:N0} test images): the full set was not found; install dataset-fashion-mnist for it"
                    : $"Fashion-MNIST from {data.Source} ({data.Train.Count:N0} training, {data.Test.Count:N0} test images)";
                var (trainX, trainY) = Tensors(data.Train);
                var (testX, testY) = Tensors(data.Test);
                images = Loaded[key] = new Images(trainX, trainY, testX, testY, note);
            }

            return images;
        }
    }

    private static (Tensor X, Tensor Y) Tensors(ImageDataset d)
    {
        using var scope = NewDisposeScope();
        var pixels = tensor(d.Images, dtype: ScalarType.Byte).reshape(d.Count, 1, d.Height, d.Width);
        using var scale = 255f.ToScalar();
        using var mean = Mean.ToScalar();
        using var std = Std.ToScalar();
        var x = pixels.to_type(ScalarType.Float32).div_(scale).sub_(mean).div_(std);
        var y = tensor(d.Labels, dtype: ScalarType.Byte).to_type(ScalarType.Int64);
        return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    }

    private Tensor Loss(long[] indices) => BatchLoss(Select(indices));

    private (Tensor Input, Tensor Target) Select(long[] indices)
    {
        using var index = tensor(indices);
        return (_data.TrainX.index_select(0, index), _data.TrainY.index_select(0, index));
    }

    private sealed record Images(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, string Note);
}
