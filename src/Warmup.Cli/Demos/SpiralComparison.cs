using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Cli.Demos;

/// <summary>
/// The smallest real use: a 2-64-64-3 MLP learns three interleaved spirals (seeded, 1,500 points), full batch, with
/// Warmup's Adam, AdamW and RAdam and TorchSharp's built-ins, from the same initial weights. AdamW gets weight decay
/// 0.01 on both sides (PyTorch's default and ours; TorchSharp's AdamW defaults to 0).
/// </summary>
internal static class SpiralComparison
{
    /// <summary>The optimizers compared, in display order, with how to build each.</summary>
    public static IReadOnlyList<(string Name, Func<IEnumerable<Parameter>, double, optim.Optimizer> Create)> Optimizers { get; } =
    [
        ("Warmup Adam", (ps, lr) => Torch.Optim.Optimizers.Adam(ps, lr: lr)),
        ("Warmup AdamW", (ps, lr) => Torch.Optim.Optimizers.AdamW(ps, lr: lr, weight_decay: 0.01)),
        ("Warmup RAdam", (ps, lr) => Torch.Optim.Optimizers.RAdam(ps, lr: lr)),
        ("TorchSharp Adam", (ps, lr) => optim.Adam(ps, lr: lr)),
        ("TorchSharp AdamW", (ps, lr) => optim.AdamW(ps, lr: lr, weight_decay: 0.01)),
        ("TorchSharp RAdam", (ps, lr) => optim.RAdam(ps, lr: lr)),
    ];

    /// <summary>Trains one model per optimizer and reports each.</summary>
    /// <param name="steps">Full-batch steps.</param>
    /// <param name="lr">Learning rate for every optimizer.</param>
    /// <param name="seed">Seeds the data and the initial weights.</param>
    /// <param name="progress">Receives each optimizer's name as it starts.</param>
    public static List<ComparisonRow> Run(int steps, double lr, int seed, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(lr > 0))
        {
            throw new ArgumentException($"--lr must be > 0 (got {lr}).", nameof(lr));
        }

        var (x, y) = Spirals(500, seed);
        using (x)
        using (y)
        {
            var rows = new List<ComparisonRow>();
            foreach (var (name, create) in Optimizers)
            {
                progress?.Report(name);
                rows.Add(Train(name, create, x, y, steps, lr, seed));
            }

            return rows;
        }
    }

    private static ComparisonRow Train(string name, Func<IEnumerable<Parameter>, double, optim.Optimizer> create, Tensor x, Tensor y, int steps, double lr, int seed)
    {
        random.manual_seed(seed);
        using var model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3));
        using var optimizer = create(model.parameters(), lr);
        const int untimed = 20;
        var clock = new Stopwatch();
        for (int step = 0; step < steps; step++)
        {
            if (step == Math.Min(untimed, steps - 1))
            {
                clock.Start();
            }

            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }

        double ms = clock.Elapsed.TotalMilliseconds / (steps - Math.Min(untimed, steps - 1));
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var logits = model.forward(x);
            double loss = nn.functional.cross_entropy(logits, y).item<float>();
            double accuracy = logits.argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
            return new ComparisonRow(name, loss, accuracy, ms);
        }
    }

    // Three interleaved noisy spirals in the plane, 'perClass' points each.
    private static (Tensor X, Tensor Y) Spirals(int perClass, int seed)
    {
        var rng = new Random(seed);
        var xs = new float[3 * perClass * 2];
        var ys = new long[3 * perClass];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                double r = (double)i / perClass;
                double angle = (c * 2 * Math.PI / 3) + (4 * r) + (0.2 * Gaussian(rng));
                int k = (c * perClass) + i;
                xs[2 * k] = (float)(r * Math.Cos(angle));
                xs[(2 * k) + 1] = (float)(r * Math.Sin(angle));
                ys[k] = c;
            }
        }

        using var scope = NewDisposeScope();
        var x = tensor(xs).reshape(3 * perClass, 2);
        return (x.DetachFromDisposeScope(), tensor(ys).DetachFromDisposeScope());
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
