using Warmup.Core.Kernels;
using Warmup.Core.Threading;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// The non-finite guard's pass over contiguous float32 CPU gradients: <see cref="FiniteCheck"/> on raw memory, in
/// chunks spread over the cores like the fused step. Reads only; the result does not depend on the thread count.
/// </summary>
internal sealed unsafe class GradientCheck : ChunkedJob
{
    // 1 Mi floats (4 MiB): one read stream per thread runs faster over long stretches (measured on 16M floats, 2 threads:
    // 1.4 ms in 4 MiB chunks, 2.1 ms in 128 KiB chunks).
    private readonly ChunkList _chunks = new(1 << 20);
    private nint[] _data = new nint[16];
    private int[] _bad = new int[16];
    private int _count;

    /// <summary>Adds a gradient the pass can read; returns false (adding nothing) for any other.</summary>
    /// <param name="g">A gradient (kept alive by the caller until <see cref="CountNonFinite"/> returns).</param>
    public bool TryAdd(Tensor g)
    {
        long n = g.numel();
        if (!FusedBatch.IsEligible(g, n))
        {
            return false;
        }

        if (_count == _data.Length)
        {
            Array.Resize(ref _data, _count * 2);
            Array.Resize(ref _bad, _count * 2);
        }

        _data[_count] = n == 0 ? 0 : (nint)FusedBatch.Pointer(g);
        _bad[_count] = 0;
        _chunks.Add(_count, n);
        _count++;
        return true;
    }

    /// <summary>Checks every added gradient; returns how many hold a NaN or an infinity.</summary>
    /// <param name="maxThreads">Most threads to use.</param>
    public int CountNonFinite(int maxThreads)
    {
        TorchThreads.Run(this, _chunks, maxThreads);

        int bad = 0;
        for (int i = 0; i < _count; i++)
        {
            bad += _bad[i] == 0 ? 0 : 1;
        }

        return bad;
    }

    /// <summary>Forgets the added gradients (keeps the buffers) and sets the lanes for the next ones (see <see cref="ChunkList"/>).</summary>
    /// <param name="lanes">libtorch's intra-op threads, or 1.</param>
    public void Clear(int lanes = 1)
    {
        _chunks.Clear(lanes);
        _count = 0;
    }

    /// <inheritdoc />
    public override void Execute(int chunk)
    {
        ref readonly var c = ref _chunks[chunk];
        if (!FiniteCheck.All(new ReadOnlySpan<float>((float*)_data[c.Item] + c.Start, c.Length)))
        {
            Volatile.Write(ref _bad[c.Item], 1);
        }
    }
}
