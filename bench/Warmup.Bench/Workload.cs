namespace Warmup.Bench;

/// <summary>A set of parameter shapes to time an optimizer step on.</summary>
/// <param name="Name">Short name used in reports.</param>
/// <param name="Shapes">The parameter shapes.</param>
public sealed record Workload(string Name, IReadOnlyList<long[]> Shapes)
{
    /// <summary>Total parameters.</summary>
    public long Elements => Shapes.Sum(s => s.Aggregate(1L, (a, b) => a * b));

    /// <summary>One float32 tensor of 16 Mi (16,777,216) parameters.</summary>
    public static Workload Large { get; } = new("16M", [[16_777_216]]);

    /// <summary>
    /// A small-transformer-like model, about 5.3 M parameters in 100 tensors of mixed sizes: an embedding, twelve
    /// blocks of (QKV, output projection, two feed-forward matrices, their biases, two layer norms), a final norm
    /// and an output layer.
    /// </summary>
    public static Workload ModelLike { get; } = new("model", BuildModelLike());

    private static List<long[]> BuildModelLike()
    {
        const long d = 192;
        var shapes = new List<long[]> { new[] { 1000L, d } };
        for (int layer = 0; layer < 12; layer++)
        {
            shapes.Add([3 * d, d]);
            shapes.Add([3 * d]);
            shapes.Add([d, d]);
            shapes.Add([d]);
            shapes.Add([4 * d, d]);
            shapes.Add([4 * d]);
            shapes.Add([d, 4 * d]);
            shapes.Add([d]);
        }

        shapes.Add([d]);
        shapes.Add([d]);
        shapes.Add([1000L, d]);
        shapes.Add([1000L]);
        return shapes;
    }
}
