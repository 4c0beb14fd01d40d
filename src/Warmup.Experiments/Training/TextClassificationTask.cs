using Warmup.Experiments.Data;
using Warmup.Experiments.Models;
using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>
/// Which file a document comes from (<see cref="LabelledTexts"/>: the fortunes package's files by default), with the
/// fastText-style <see cref="BagOfNgrams"/>; test accuracy in percent. The task where the optimizer's step is most of
/// the work: 5.2 M parameters, nearly all in an embedding table of which a minibatch reads a few thousand rows.
/// </summary>
internal sealed class TextClassificationTask : ClassificationTask
{
    // The token tensors of each source, built once and shared, read-only, by every run.
    private static readonly Dictionary<string, ClassificationData> Loaded = [];

    public TextClassificationTask(TrainSettings s, TaskDefinition definition)
        : this(s, definition, Load(s.TextFiles))
    {
    }

    private TextClassificationTask(TrainSettings s, TaskDefinition definition, ClassificationData data)
        : base(s, definition, data, () => new BagOfNgrams(BagOfNgrams.DefaultBuckets, BagOfNgrams.DefaultDimension, data.Classes))
    {
    }

    private static ClassificationData Load(IReadOnlyList<string>? files)
    {
        lock (Loaded)
        {
            var key = files is null ? string.Empty : string.Join('\n', files);
            if (!Loaded.TryGetValue(key, out var documents))
            {
                var texts = LabelledTexts.Load(files);
                var train = new List<int>();
                var test = new List<int>();
                var seen = new int[texts.Classes.Count];
                for (int i = 0; i < texts.Documents.Count; i++)
                {
                    (LabelledTexts.IsTest(seen[texts.Labels[i]]++) ? test : train).Add(i);
                }

                // The files come class by class: one fixed shuffle, so that the training loss's first rows
                // (TrainingLoss) hold every class in proportion, whatever the run's seed.
                var rows = train.ToArray();
                new Random(0).Shuffle(rows);
                train = [.. rows];

                var (trainX, trainY) = Tensors(texts, train);
                var (testX, testY) = Tensors(texts, test);
                string note = $"{texts.Documents.Count:N0} documents in {texts.Classes.Count} classes ({train.Count:N0} training, {test.Count:N0} test) from {texts.Source}";
                documents = Loaded[key] = new ClassificationData(trainX, trainY, testX, testY, texts.Classes.Count, note);
            }

            return documents;
        }
    }

    private static (Tensor X, Tensor Y) Tensors(LabelledTexts texts, List<int> indices)
    {
        using var scope = NewDisposeScope();
        int length = BagOfNgrams.DefaultLength;
        var tokens = new long[indices.Count * length];
        for (int k = 0; k < indices.Count; k++)
        {
            HashedNgrams.Tokens(texts.Documents[indices[k]], BagOfNgrams.DefaultBuckets, length).CopyTo(tokens, k * length);
        }

        var labels = indices.Select(i => (long)texts.Labels[i]).ToArray();
        return (tensor(tokens).reshape(indices.Count, length).DetachFromDisposeScope(), tensor(labels).DetachFromDisposeScope());
    }
}
