using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// The fused path under garbage collection: its pass runs managed code on libtorch's OpenMP threads (foreign threads
/// the runtime must suspend for every collection) over raw pointers the stepping thread keeps alive. 100 steps of
/// tensors large enough to be shared by the team run once quietly and once while another thread collects without
/// pause and busy threads preempt the team; the results must be bit-identical.
/// </summary>
public class FusedGcStressTests
{
    private const int Steps = 100;

    [Theory]
    [InlineData("adamw-maximize")]
    [InlineData("radam-t5-momentum")]
    public void FusedPathOnTheTeamIsBitIdenticalWhileAnotherThreadCollects(string name)
    {
        if (OperatingSystem.IsLinux())
        {
            using var warm = ones(1);
            Assert.True(OpenMpTeam.IsAvailable, "the fused pass should run on libtorch's OpenMP team here");
        }

        var quiet = Run(OptimizerCase.Get(name), stress: false);
        var stressed = Run(OptimizerCase.Get(name), stress: true);
        Assert.True(Params.BitIdentical(quiet, stressed), $"{name}: parameters differ after {Steps} fused steps with a GC thread running");
    }

    private static Tensor[] Run(OptimizerCase c, bool stress)
    {
        var parameters = Params.Create(41, ScalarType.Float32, [70_001], [300, 200], [257]);
        using var optimizer = c.Create(parameters);
        using var stop = new CancellationTokenSource();
        var threads = new List<Thread> { new(() => { while (!stop.IsCancellationRequested) { Uninterrupted.Collect(); } }) { IsBackground = true } };
        threads.AddRange(Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        })
        { IsBackground = true }));
        if (stress)
        {
            threads.ForEach(t => t.Start());
        }

        try
        {
            var rng = new Random(42);
            for (int step = 0; step < Steps; step++)
            {
                Params.SetGradients(rng, 1.0, parameters);
                optimizer.step();
            }
        }
        finally
        {
            stop.Cancel();
            if (stress)
            {
                threads.ForEach(t => t.Join());
            }
        }

        Assert.Equal(parameters.Length, optimizer.LastStep.FusedTensors);
        return parameters;
    }
}
