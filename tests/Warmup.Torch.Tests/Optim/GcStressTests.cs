using TorchSharp.Modules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// The tensor-op path under garbage collection: TorchSharp passes raw handles of Scalars and tensors to native code,
/// so a temporary whose wrapper the GC finalizes during the call is freed under libtorch (wrong numbers or
/// "Exception raised from toFloat"). 600 steps run once quietly and once while another thread collects without pause;
/// the results must be bit-identical. On the code before the fix (implicit Scalars in TensorOpStep) this failed.
/// </summary>
public class GcStressTests
{
    private const int Steps = 1000;
    private const int StressedRuns = 2;

    public static TheoryData<string> Cases() =>
        ["adam-amsgrad-l2", "adamw-maximize", "radam-t4-momentum", "radam-t4-skip", "radam-t5-momentum", "radam-t5-skip"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void TensorOpPathIsBitIdenticalWhileAnotherThreadCollects(string name)
    {
        var quiet = Run(OptimizerCase.Get(name), stress: false);
        for (int attempt = 1; attempt <= StressedRuns; attempt++)
        {
            var stressed = Run(OptimizerCase.Get(name), stress: true);
            Assert.True(StateSnapshot.Equal(quiet, stressed), $"{name}: parameters or state differ after {Steps} steps with a GC thread running (stressed run {attempt})");
        }
    }

    // Ten float64 tensors of 1 to 2,000 elements (many small tensors: many native calls, many chances), a non-contiguous float32 parameter, and a contiguous float32 one that the
    // fused kernel would take if it were on (it is off here).
    private static List<byte[]> Run(OptimizerCase c, bool stress)
    {
        var parameters = new List<Parameter>();
        foreach (int n in new[] { 1, 2, 5, 17, 33, 64, 100, 300, 999, 2000 })
        {
            parameters.Add(Make(ScalarType.Float64, n));
        }

        parameters.Add(MakeTransposed(40, 50));
        parameters.Add(Make(ScalarType.Float32, 257));

        using var optimizer = c.Create(parameters);
        optimizer.UseFusedKernel = false;
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Uninterrupted.Collect(); // GC.Collect(0) and GC.WaitForPendingFinalizers(), outside other tests' no-GC regions
            }
        })
        { IsBackground = true };

        // Busy threads beyond the core count, so the stepping thread is preempted inside native calls: a preempted call
        // is a long window in which the finalizer thread can free what the call still reads (measured on the old code:
        // without them 1 run in 5 failed on an idle 2-core machine; with them, see DEVELOPERS.md).
        var spinners = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        })
        { IsBackground = true }).ToList();
        if (stress)
        {
            collector.Start();
            spinners.ForEach(t => t.Start());
        }

        try
        {
            var rng = new Random(7);
            for (int step = 0; step < Steps; step++)
            {
                foreach (var p in parameters)
                {
                    SetGradient(p, rng);
                }

                optimizer.step();
            }
        }
        finally
        {
            stop.Cancel();
            if (stress)
            {
                collector.Join();
                spinners.ForEach(t => t.Join());
            }
        }

        Assert.Equal(parameters.Count, optimizer.LastStep.TensorOpTensors);
        var snapshot = StateSnapshot.Of(optimizer, parameters);
        foreach (var p in parameters)
        {
            p.Dispose();
        }

        return snapshot;
    }

    private static Parameter Make(ScalarType dtype, int n)
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var t = tensor(values, dtype: ScalarType.Float64).to_type(dtype);
        var p = new Parameter(t);
        p.DetachFromDisposeScope();
        return p;
    }

    // A [rows, cols] float32 parameter whose memory is the transpose of a contiguous [cols, rows] tensor.
    private static Parameter MakeTransposed(int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, rows * cols).Select(i => (float)Math.Cos(i * 0.1)).ToArray();
        var p = new Parameter(tensor(values).reshape(cols, rows).t());
        Assert.False(p.is_contiguous());
        p.DetachFromDisposeScope();
        return p;
    }

    // A gradient with the parameter's shape, dtype and strides, drawn from rng.
    private static void SetGradient(Parameter p, Random rng)
    {
        using var scope = NewDisposeScope();
        long n = p.numel();
        var values = new double[n];
        for (long i = 0; i < n; i++)
        {
            values[i] = (rng.NextDouble() * 2.0) - 1.0;
        }

        var flat = tensor(values, dtype: ScalarType.Float64).to_type(p.dtype);
        var g = p.is_contiguous() ? flat.reshape(p.shape) : flat.reshape(p.shape[1], p.shape[0]).t();
        p.grad = g;
        GC.KeepAlive(g);
    }
}
