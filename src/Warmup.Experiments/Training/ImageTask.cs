using TorchSharp;
using Warmup.Experiments.Data;
using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>Fashion-MNIST classification with the MLP or the CNN; test accuracy in percent.</summary>
internal sealed class ImageTask(TrainSettings s, TaskDefinition definition, Func<nn.Module<Tensor, Tensor>> model)
    : ClassificationTask(s, definition, Load(s.DataFolder), model)
{
    // Fashion-MNIST's pixel mean and standard deviation over the training set (scaled to [0, 1]).
    private const float Mean = 0.2860f;
    private const float Std = 0.3530f;
    private const int Classes = 10;

    // The normalised tensors of each folder, built once and shared, read-only, by every run (they are ~220 MB).
    private static readonly Dictionary<string, ClassificationData> Loaded = [];

    private static ClassificationData Load(string? folder)
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
                images = Loaded[key] = new ClassificationData(trainX, trainY, testX, testY, Classes, note);
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
}
