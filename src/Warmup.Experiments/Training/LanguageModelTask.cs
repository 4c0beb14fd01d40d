using TorchSharp;
using Warmup.Experiments.Data;
using Warmup.Experiments.Models;
using Warmup.Experiments.Training.Tasks;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training;

/// <summary>Character-level language modelling with the small Transformer; validation perplexity.</summary>
internal sealed class LanguageModelTask : TrainingTask
{
    private const int EvaluationWindows = 128;
    private static readonly Dictionary<string, (TextCorpus Corpus, Tensor Tokens)> Loaded = [];

    private readonly CharTransformer _model;
    private readonly Tensor _tokens;
    private readonly Random _order;
    private readonly int _context;
    private readonly int _batch;
    private readonly int _validationStart;
    private readonly long[] _probe;
    private readonly long[] _meanBatch;
    private readonly long[] _trainWindows;
    private readonly long[] _validationWindows;

    public LanguageModelTask(TrainSettings s, TaskDefinition definition)
        : base(definition)
    {
        var (corpus, tokens) = Load(s.TextFiles);
        _tokens = tokens;
        _context = s.Context;
        _batch = s.EffectiveBatchSize;
        _validationStart = corpus.ValidationStart;
        TrainingData.CheckLength(corpus, _context, _batch);

        DataNote = $"{corpus.Text.Length:N0} characters, {corpus.VocabularySize} symbols, from {corpus.Source}";
        _order = new Random(s.Seed);
        var probes = ProbeRandom(s.Seed);
        _probe = Enumerable.Range(0, s.ProbeExamples).Select(_ => (long)probes.Next(_validationStart - _context - 1)).ToArray();
        _meanBatch = Enumerable.Range(0, MeanBatchFactor * _batch).Select(_ => (long)probes.Next(_validationStart - _context - 1)).ToArray();
        var fixedOrder = new Random(0);
        _trainWindows = Enumerable.Range(0, EvaluationWindows).Select(_ => (long)fixedOrder.Next(_validationStart - _context - 1)).ToArray();
        int validationCount = Math.Min(EvaluationWindows, (corpus.Text.Length - _validationStart - 1) / _context);
        _validationWindows = Enumerable.Range(0, validationCount).Select(i => (long)(_validationStart + (i * _context))).ToArray();
        _model = Seeded(s.Seed, () => new CharTransformer(corpus.VocabularySize, _context, s.Width, heads: 4, s.Layers, s.PreNorm));
    }

    public override nn.Module<Tensor, Tensor> Model => _model;

    public override string DataNote { get; }

    public override int ExamplesPerEpoch => _validationStart / _context;

    public override (Tensor Input, Tensor Target) NextBatch() =>
        Windows(Enumerable.Range(0, _batch).Select(_ => (long)_order.Next(_validationStart - _context - 1)).ToArray());

    public override Tensor BatchLoss((Tensor Input, Tensor Target) batch)
    {
        using var scope = NewDisposeScope();
        var logits = _model.forward(batch.Input);
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Target.reshape(-1)).MoveToOuterDisposeScope();
    }

    public override Tensor ProbeLoss(int k) => Loss([_probe[k]]);

    public override Tensor MeanBatchLoss() => Loss(_meanBatch);

    public override double TrainingLoss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Loss(_trainWindows).item<float>();
    }

    public override double Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Math.Exp(Loss(_validationWindows).item<float>());
    }

    private static (TextCorpus Corpus, Tensor Tokens) Load(IReadOnlyList<string>? files)
    {
        lock (Loaded)
        {
            var key = files is null ? string.Empty : string.Join('|', files);
            if (!Loaded.TryGetValue(key, out var loaded))
            {
                var corpus = TextCorpus.Load(files);
                loaded = Loaded[key] = (corpus, tensor(corpus.Tokens().Select(t => (long)t).ToArray()).DetachFromDisposeScope());
            }

            return loaded;
        }
    }

    // Next-character cross-entropy over windows of context + 1 tokens starting at the given offsets.
    private Tensor Loss(long[] starts) => BatchLoss(Windows(starts));

    // Windows of context + 1 tokens starting at the given offsets: each one's first context tokens, and the next ones.
    private (Tensor Input, Tensor Target) Windows(long[] starts)
    {
        using var scope = NewDisposeScope();
        using var length = (_context + 1).ToScalar();
        using var offsets = arange(HeldScalars.Zero, length, HeldScalars.One, dtype: ScalarType.Int64);
        var index = tensor(starts).unsqueeze(1).add(offsets.unsqueeze(0), HeldScalars.One);
        var windows = _tokens[index];
        return (windows[.., ..^1].MoveToOuterDisposeScope(), windows[.., 1..].MoveToOuterDisposeScope());
    }
}
