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
internal sealed class TextClassificationTask : TrainingTask
{
    private const int EvaluationChunk = 1000;

    // The token tensors of each source, built once and shared, read-only, by every run.
    private static readonly Dictionary<string, Documents> Loaded = [];

    private readonly BagOfNgrams _model;
    private readonly Documents _data;
    private readonly EpochSampler _sampler;
    private readonly long[] _probe;
    private readonly long[] _meanBatch;

    public TextClassificationTask(TrainSettings s, TaskDefinition definition)
        : base(definition)
    {
        _data = Load(s.TextFiles);
        DataNote = _data.Note;
        int n = ExamplesPerEpoch;
        int batch = Math.Min(s.EffectiveBatchSize, n);
        _sampler = new EpochSampler(n, batch, new Random(s.Seed));
        var probes = ProbeRandom(s.Seed);
        _probe = Enumerable.Range(0, s.ProbeExamples).Select(_ => (long)probes.Next(n)).ToArray();
        _meanBatch = Enumerable.Range(0, MeanBatchFactor * batch).Select(_ => (long)probes.Next(n)).ToArray();
        _model = Seeded(s.Seed, () => new BagOfNgrams(BagOfNgrams.DefaultBuckets, BagOfNgrams.DefaultDimension, _data.Classes));
    }

    public override nn.Module<Tensor, Tensor> Model => _model;

    public override string DataNote { get; }

    public override int ExamplesPerEpoch => (int)_data.TrainX.shape[0];

    public override (Tensor Input, Tensor Target) NextBatch() => Select(_sampler.Next());

    public override Tensor BatchLoss((Tensor Input, Tensor Target) batch) =>
        nn.functional.cross_entropy(_model.forward(batch.Input), batch.Target);

    public override Tensor ProbeLoss(int k) => BatchLoss(Select([_probe[k]]));

    public override Tensor MeanBatchLoss() => BatchLoss(Select(_meanBatch));

    // On the first 5,000 training rows, a fixed sample of every class (the rows were shuffled once when loaded).
    public override double TrainingLoss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int n = Math.Min(5000, ExamplesPerEpoch);
        return BatchLoss((_data.TrainX[..n], _data.TrainY[..n])).item<float>();
    }

    public override double Evaluate()
    {
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

    private static Documents Load(IReadOnlyList<string>? files)
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
                documents = Loaded[key] = new Documents(trainX, trainY, testX, testY, texts.Classes.Count, note);
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

    private (Tensor Input, Tensor Target) Select(long[] indices)
    {
        using var index = tensor(indices);
        return (_data.TrainX.index_select(0, index), _data.TrainY.index_select(0, index));
    }

    private sealed record Documents(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, int Classes, string Note);
}
