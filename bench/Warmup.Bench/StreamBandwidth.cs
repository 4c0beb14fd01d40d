using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Warmup.Core.Threading;

namespace Warmup.Bench;

/// <summary>
/// Streaming memory kernels over float32 arrays far larger than the caches, run on the same threads and runner as the
/// fused optimizer: the practical memory-bandwidth ceiling of this machine. Bandwidth counts 3 * 4 bytes per element
/// (the STREAM convention) for both patterns of <see cref="StreamPattern"/>.
/// </summary>
internal sealed unsafe class StreamBandwidth : ChunkedJob, IDisposable
{
    private const int Chunk = 1 << 16;
    private readonly float* _a;
    private readonly float* _b;
    private readonly float* _c;
    private readonly long _n;
    private StreamPattern _pattern;

    /// <summary>Allocates three 64-byte-aligned arrays of <paramref name="elements"/> floats, filled.</summary>
    /// <param name="elements">Elements per array.</param>
    public StreamBandwidth(long elements)
    {
        _n = elements;
        nuint bytes = (nuint)(elements * sizeof(float));
        _a = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        _b = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        _c = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        new Span<float>(_a, (int)elements).Clear();
        new Span<float>(_b, (int)elements).Fill(1f);
        new Span<float>(_c, (int)elements).Fill(2f);
    }

    /// <summary>Bytes one run moves by the STREAM convention: 3 arrays of 4-byte elements.</summary>
    public long Bytes => 3L * sizeof(float) * _n;

    /// <summary>Runs <paramref name="pattern"/> once on up to <paramref name="threads"/> threads; returns the wall time in seconds.</summary>
    /// <param name="pattern">The kernel.</param>
    /// <param name="threads">Threads, the caller included.</param>
    public double RunOnce(StreamPattern pattern, int threads)
    {
        _pattern = pattern;
        int chunks = (int)((_n + Chunk - 1) / Chunk);
        long start = Stopwatch.GetTimestamp();
        ChunkRunner.Shared.Run(this, chunks, threads);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <inheritdoc />
    public override void Execute(int chunk)
    {
        long start = (long)chunk * Chunk;
        int n = (int)Math.Min(Chunk, _n - start);
        float* a = _a + start;
        float* b = _b + start;
        float* c = _c + start;
        int i = 0;
        if (_pattern == StreamPattern.InPlaceAxpy)
        {
            var s = new Vector<float>(3f);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.Load(a + i) + (s * Vector.Load(b + i))).Store(a + i);
            }

            for (; i < n; i++)
            {
                a[i] += 3f * b[i];
            }

            return;
        }

        if (Avx.IsSupported)
        {
            var s = Vector256.Create(3f);
            for (; i <= n - 8; i += 8)
            {
                Avx.StoreAlignedNonTemporal(a + i, Avx.Add(Avx.LoadAlignedVector256(b + i), Avx.Multiply(s, Avx.LoadAlignedVector256(c + i))));
            }
        }
        else
        {
            var s = new Vector<float>(3f);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.Load(b + i) + (s * Vector.Load(c + i))).Store(a + i);
            }
        }

        for (; i < n; i++)
        {
            a[i] = b[i] + (3f * c[i]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_c);
    }
}
