using System.Globalization;
using Warmup.Experiments.Data;
using Warmup.Experiments.Models;

namespace Warmup.Experiments.Training.Tasks;

/// <summary>Fashion-MNIST with the MLP (<see cref="TrainSettings.MlpHidden"/> units per hidden layer) or the CNN.</summary>
/// <param name="name">fmnist-mlp or fmnist-cnn.</param>
/// <param name="mlp">The MLP, else the CNN.</param>
internal sealed class ImageTaskDefinition(string name, bool mlp) : TaskDefinition
{
    public override string Name => name;

    public override string Metric => "test accuracy (%)";

    public override bool HigherIsBetter => true;

    /// <summary>"Fashion-MNIST MLP" or "Fashion-MNIST CNN".</summary>
    public override string Title(string configuration) => $"Fashion-MNIST {(Name.EndsWith("cnn", StringComparison.Ordinal) ? "CNN" : "MLP")}";

    /// <summary>ln 10: Fashion-MNIST has ten classes.</summary>
    public override double? ChanceLoss(string dataNote) => Math.Log(10);

    /// <summary>1 point of accuracy.</summary>
    public override double NonInferiorityMargin(double referenceMean) => 1.0;

    public override int DefaultBatchSize => 128;

    public override string ModelKey(TrainSettings s) =>
        mlp && s.MlpHidden != TrainSettings.DefaultMlpHidden ? string.Create(CultureInfo.InvariantCulture, $";hidden={s.MlpHidden}") : string.Empty;

    public override string DataKey(TrainSettings s) => "data=" + FashionMnist.Locate(s.DataFolder).Folder;

    public override void CheckData(TrainSettings s, IDictionary<string, object> loaded)
    {
        string key = DataKey(s);
        if (!loaded.ContainsKey(key))
        {
            loaded[key] = FashionMnist.Load(s.DataFolder);
        }
    }

    internal override TrainingTask Create(TrainSettings s) =>
        new ImageTask(s, this, mlp ? () => new Mlp(hidden: s.MlpHidden) : () => new SmallCnn());
}
