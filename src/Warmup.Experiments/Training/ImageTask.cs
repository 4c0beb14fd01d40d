using Warmup.Experiments.Data;
using Warmup.Experiments.Models;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>Fashion-MNIST classification with the MLP or the CNN; test accuracy in percent.</summary>
internal sealed class ImageTask : TrainingTask
{
    // Fashion-MNIST's pixel mean and standard deviation over the training set (scaled to [0, 1]).
    private const float Mean = 0.2860f;
    private const float Std = 0.3530f;
    private static readonly Dictionary<string, FashionMnist> Loaded = [];

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly Tensor _trainX;
    private readonly Tensor _trainY;
    private readonly Tensor _testX;
    private readonly Tensor _testY;
    private readonly Random _order;
    private readonly int _batch;
    private readonly int[] _probe;
    private int[] _permutation = [];
    private int _position;

    public ImageTask(TrainSettings s)
    {
        var data = Load(s.DataFolder);
        DataNote = data.IsSample
            ? $"Fashion-MNIST SAMPLE shipped in the repository ({data.Train.Count:N0} training, {data.Test.Count:N0} test images): the full set was not found; install dataset-fashion-mnist for it"
            : $"Fashion-MNIST from {data.Source} ({data.Train.Count:N0} training, {data.Test.Count:N0} test images)";
        (_trainX, _trainY) = Tensors(data.Train);
        (_testX, _testY) = Tensors(data.Test);
        _order = new Random(s.Seed);
        _batch = Math.Min(s.EffectiveBatchSize, data.Train.Count);
        _probe = Enumerable.Range(0, s.ProbeExamples).Select(_ => _order.Next(data.Train.Count)).ToArray();
        _model = Seeded(s.Seed, () => s.Task == "fmnist-cnn" ? (nn.Module<Tensor, Tensor>)new SmallCnn() : new Mlp());
    }

    public override nn.Module<Tensor, Tensor> Model => _model;

    public override string MetricName => "test accuracy (%)";

    public override bool HigherIsBetter => true;

    public override string DataNote { get; }

    public override int ExamplesPerEpoch => (int)_trainX.shape[0];

    public override Tensor BatchLoss()
    {
        // Sampling without replacement: a fresh permutation each epoch.
        if (_position + _batch > _permutation.Length)
        {
            _permutation = Enumerable.Range(0, (int)_trainX.shape[0]).ToArray();
            _order.Shuffle(_permutation);
            _position = 0;
        }

        using var index = tensor(_permutation.AsSpan(_position, _batch).ToArray().Select(i => (long)i).ToArray());
        _position += _batch;
        return Loss(_trainX.index_select(0, index), _trainY.index_select(0, index));
    }

    public override Tensor ProbeLoss(int k) => Loss(_trainX[_probe[k]].unsqueeze(0), _trainY[_probe[k]].unsqueeze(0));

    public override double TrainingLoss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = Math.Min(5000, _trainX.shape[0]);
        return Loss(_trainX[..(int)n], _trainY[..(int)n]).item<float>();
    }

    public override double Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = _model.forward(_testX).argmax(1);
        return 100.0 * predicted.eq(_testY).to_type(ScalarType.Float32).mean().item<float>();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _trainX.Dispose();
            _trainY.Dispose();
            _testX.Dispose();
            _testY.Dispose();
        }

        base.Dispose(disposing);
    }

    private static FashionMnist Load(string? folder)
    {
        lock (Loaded)
        {
            var key = folder ?? string.Empty;
            if (!Loaded.TryGetValue(key, out var data))
            {
                data = Loaded[key] = FashionMnist.Load(folder);
            }

            return data;
        }
    }

    private static (Tensor X, Tensor Y) Tensors(ImageDataset d)
    {
        using var pixels = tensor(d.Images, dtype: ScalarType.Byte).reshape(d.Count, 1, d.Height, d.Width);
        var x = ((pixels.to_type(ScalarType.Float32) / 255f) - Mean) / Std;
        var y = tensor(d.Labels, dtype: ScalarType.Byte).to_type(ScalarType.Int64);
        return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    }

    private Tensor Loss(Tensor x, Tensor y) => nn.functional.cross_entropy(_model.forward(x), y);
}
