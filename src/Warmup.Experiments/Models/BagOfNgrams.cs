using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Models;

/// <summary>
/// A fastText-style classifier (Joulin et al. 2017): the mean of the embeddings of a document's hashed n-grams
/// (<see cref="Data.HashedNgrams"/>; bucket 0 is padding and left out of the mean), then a linear layer to the logits.
/// Its embedding table is nearly all of its parameters, and a minibatch touches few of its rows: forward and backward
/// cost little per parameter, while every optimizer step updates the whole table (its gradient is dense).
/// </summary>
public sealed class BagOfNgrams : nn.Module<Tensor, Tensor>
{
    /// <summary>Rows of the embedding table of the fortunes-bow task: 2^17.</summary>
    public const int DefaultBuckets = 1 << 17;

    /// <summary>Embedding width of the fortunes-bow task.</summary>
    public const int DefaultDimension = 40;

    /// <summary>Tokens per document of the fortunes-bow task (a fortune has about 30 words, so 60 tokens, on average).</summary>
    public const int DefaultLength = 128;

    private readonly EmbeddingBag _embedding;
    private readonly Linear _output;

    /// <summary>Creates the network (initialized from the global TorchSharp generator).</summary>
    /// <param name="buckets">Rows of the embedding table (hash buckets, 0 the padding).</param>
    /// <param name="dimension">Width of each embedding.</param>
    /// <param name="classes">Output classes.</param>
    public BagOfNgrams(int buckets, int dimension, int classes)
        : base(nameof(BagOfNgrams))
    {
        _embedding = nn.EmbeddingBag(buckets, dimension, mode: TorchSharp.EmbeddingBagMode.Mean, padding_index: 0);
        _output = nn.Linear(dimension, classes);
        register_module("embedding", _embedding);
        register_module("output", _output);
    }

    /// <summary>Logits for a batch of token rows.</summary>
    /// <param name="input">Tokens, shape [batch, length], int64, padded with 0.</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _output.forward(_embedding.forward(input, null, null)).MoveToOuterDisposeScope();
    }
}
