namespace Warmup.Experiments.Training;

/// <summary>
/// Minibatch indices sampled without replacement: a fresh permutation of the examples, from the run's own generator,
/// each time the rest of the current one is shorter than a batch.
/// </summary>
/// <param name="examples">Examples in the training set, at least 1.</param>
/// <param name="batch">Indices per batch, 1 .. <paramref name="examples"/>.</param>
/// <param name="order">The generator (seeded from the run's seed).</param>
internal sealed class EpochSampler(int examples, int batch, Random order)
{
    private int[] _permutation = [];
    private int _position;

    /// <summary>The next batch of indices.</summary>
    public long[] Next()
    {
        if (_position + batch > _permutation.Length)
        {
            _permutation = Enumerable.Range(0, examples).ToArray();
            order.Shuffle(_permutation);
            _position = 0;
        }

        var indices = new long[batch];
        for (int i = 0; i < batch; i++)
        {
            indices[i] = _permutation[_position + i];
        }

        _position += batch;
        return indices;
    }
}
