using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>Seeded parameters of a workload, each with a fixed random gradient.</summary>
internal sealed class ParameterSet : IDisposable
{
    public ParameterSet(Workload workload, long seed)
    {
        using var generator = new Generator((ulong)seed);
        Parameters = workload.Shapes.Select(s => new Parameter(randn(s, generator: generator))).ToList();
        foreach (var p in Parameters)
        {
            using var g = randn(p.shape, generator: generator);
            using var scale = 0.01.ToScalar();
            using var scaled = g.mul(scale);
            p.grad = scaled;
        }
    }

    public List<Parameter> Parameters { get; }

    public void Dispose()
    {
        foreach (var p in Parameters)
        {
            p.Dispose();
        }
    }
}
