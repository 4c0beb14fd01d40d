using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Warmup.Core.Kernels;
using Warmup.Core.Threading;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// The fused-path work of one optimizer step: every eligible parameter's raw float32 memory and step scalars,
/// split into lanes (one per libtorch thread, see <see cref="ChunkList"/>) of fixed-size chunks that
/// <see cref="TorchThreads"/> spreads over the cores. Pointers are taken on the calling thread; the other threads
/// only run <see cref="AdamKernel"/> on raw memory. Buffers are reused across steps. A preview batch runs the
/// kernel's read-only pass instead (<see cref="AdamKernel.Preview"/>): it changes nothing and only reduces the
/// current step's statistics, which <see cref="PreviewOf"/> returns.
/// </summary>
/// <param name="preview">True for the read-only pass that reduces the statistics of the step being planned.</param>
internal sealed unsafe class FusedBatch(bool preview = false) : ChunkedJob
{
    // 32 Ki floats, 128 KiB per array: the step's four streams of a chunk stay within L2.
    private readonly ChunkList _chunks = new(1 << 15);
    private Item[] _items = new Item[16];
    private KernelSums[] _sums = new KernelSums[64];
    private KernelSums[] _itemTotals = new KernelSums[16];
    private UpdateStatistics[] _previews = new UpdateStatistics[16];
    private int _itemCount;

    /// <summary>True when the fused kernel can update this tensor in place: contiguous float32 on the CPU, addressable by a span.</summary>
    /// <param name="t">A parameter, gradient or state tensor.</param>
    /// <param name="numel">The parameter's element count.</param>
    public static bool IsEligible(Tensor t, long numel) =>
        t.dtype == ScalarType.Float32 && t.device_type == TorchSharp.DeviceType.CPU && t.is_contiguous() &&
        t.numel() == numel && numel <= int.MaxValue / sizeof(float);

    /// <summary>
    /// Adds a parameter's update when every tensor involved is eligible; returns false (adding nothing) otherwise.
    /// With statistics asked for (<paramref name="which"/>), <see cref="Run"/> also sets the state's
    /// <see cref="AdaptiveState.Statistics"/> (a preview batch: the item's <see cref="PreviewOf"/>, for its next step).
    /// </summary>
    /// <param name="p">The parameter.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="s">Its state.</param>
    /// <param name="c">The step's scalars.</param>
    /// <param name="which">The statistics to reduce.</param>
    /// <param name="owner">The caller's index for the item, returned by <see cref="PreviewOf"/>.</param>
    /// <param name="roundingSeed">The seed of the parameter's stochastic rounding (bfloat16 state): its place in the optimizer.</param>
    public bool TryAdd(Tensor p, Tensor g, AdaptiveState s, in AdamCoefficients c, TensorStatistics which = TensorStatistics.None, int owner = 0, ulong roundingSeed = 0)
    {
        long n = p.numel();
        if (!IsEligible(p, n) || !IsEligible(g, n) || !StateIsEligible(s, n) || (s.MaxExpAvgSq is { } x && !IsEligible(x, n)))
        {
            return false;
        }

        if (n == 0 && !preview)
        {
            if (which != TensorStatistics.None)
            {
                s.Statistics = UpdateStatistics.Of(default, 0, c, s.Step);
            }

            return true;
        }

        if (_itemCount == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _previews, _items.Length);
        }

        _items[_itemCount] = new Item
        {
            P = Pointer(p),
            G = Pointer(g),
            M = Bytes(s.ExpAvg),
            V = Bytes(s.ExpAvgSq),
            MScales = s.ExpAvgScales is null ? null : Pointer(s.ExpAvgScales),
            VScales = s.ExpAvgSqScales is null ? null : Pointer(s.ExpAvgSqScales),
            X = s.MaxExpAvgSq is null ? null : Pointer(s.MaxExpAvgSq),
            C = c,
            Count = n,
            Which = which,
            State = s,
            Owner = owner,
            Format = s.Format,
            Key = RoundingKey.Of(roundingSeed, s.Step, 0), // the step's own count (a step increments it before adding)
        };

        if (n > 0)
        {
            _chunks.Add(_itemCount, n, s.Format == StateFormat.Float32 ? 1 : StateFormats.BlockElements);
        }

        _itemCount++;
        return true;
    }

    /// <summary>Runs every added update, on up to <paramref name="maxThreads"/> threads.</summary>
    /// <param name="maxThreads">Most threads to use.</param>
    /// <param name="lastChunkFirst">
    /// Run each lane's chunks last to first (each chunk is independent, so the result is the same): after the
    /// non-finite guard's pass, which reads the gradients first to last, the last gradients read are still in cache.
    /// </param>
    public void Run(int maxThreads, bool lastChunkFirst = false)
    {
        if (_chunks.Count > _sums.Length)
        {
            _sums = new KernelSums[Math.Max(_chunks.Count, _sums.Length * 2)];
        }

        TorchThreads.Run(this, _chunks, maxThreads, lastChunkFirst);
        SetStatistics();
    }

    /// <summary>Items added (in order).</summary>
    public int Count => _itemCount;

    /// <summary>The owner index and previewed statistics of item <paramref name="item"/> after <see cref="Run"/> of a preview batch.</summary>
    /// <param name="item">The item, 0 .. <see cref="Count"/> - 1.</param>
    public (int Owner, UpdateStatistics Statistics) PreviewOf(int item) => (_items[item].Owner, _previews[item]);

    /// <summary>Forgets the added updates (keeps the buffers) and sets the lanes for the next ones (see <see cref="ChunkList"/>).</summary>
    /// <param name="lanes">libtorch's intra-op threads, or 1.</param>
    public void Clear(int lanes = 1)
    {
        Array.Clear(_items, 0, _itemCount); // drops the states the last step reduced into
        _itemCount = 0;
        _chunks.Clear(lanes);
    }

    /// <inheritdoc />
    public override void Execute(int chunk)
    {
        ref readonly var c = ref _chunks[chunk];
        ref readonly var it = ref _items[c.Item];
        var p = new Span<float>(it.P + c.Start, c.Length);
        var g = new ReadOnlySpan<float>(it.G + c.Start, c.Length);
        if (it.Format != StateFormat.Float32)
        {
            ExecuteFormatted(chunk, it, p, g, c.Start, c.Length);
            return;
        }

        var m = new Span<float>((float*)it.M + c.Start, c.Length);
        var v = new Span<float>((float*)it.V + c.Start, c.Length);
        var x = it.X is null ? default : new Span<float>(it.X + c.Start, c.Length);
        if (preview)
        {
            _sums[chunk] = AdamKernel.Preview(p, g, m, v, x, it.C, it.Which);
        }
        else if (it.Which == TensorStatistics.None)
        {
            AdamKernel.Step(p, g, m, v, x, it.C);
        }
        else
        {
            _sums[chunk] = AdamKernel.StepAndReduce(p, g, m, v, x, it.C, it.Which);
        }
    }

    // A chunk of a parameter whose moments are bfloat16 or 8-bit: whole blocks (the chunks of such items are block-aligned).
    private void ExecuteFormatted(int chunk, in Item it, Span<float> p, ReadOnlySpan<float> g, int start, int length)
    {
        MomentStorage m, v;
        if (it.Format == StateFormat.BFloat16)
        {
            m = MomentStorage.OfBFloat16(new Span<ushort>((ushort*)it.M + start, length));
            v = MomentStorage.OfBFloat16(new Span<ushort>((ushort*)it.V + start, length));
        }
        else
        {
            int firstBlock = start / StateFormats.BlockElements;
            int blocks = (int)StateFormats.Blocks(length);
            m = MomentStorage.OfCodes(new Span<byte>((byte*)it.M + start, length), new Span<float>(it.MScales + firstBlock, blocks));
            v = MomentStorage.OfCodes(new Span<byte>((byte*)it.V + start, length), new Span<float>(it.VScales + firstBlock, blocks));
        }

        var sums = FormattedKernel.Run(it.Format, p, g, m, v, it.C, it.Which, preview, it.Key, start);
        if (preview || it.Which != TensorStatistics.None)
        {
            _sums[chunk] = sums;
        }
    }

    // Each reducing item's sums, added in the sealed chunk order (the item's element order): the same for a given lane count.
    private void SetStatistics()
    {
        if (_itemTotals.Length < _itemCount)
        {
            _itemTotals = new KernelSums[_items.Length];
        }

        Array.Clear(_itemTotals, 0, _itemCount);
        for (int chunk = 0; chunk < _chunks.Count; chunk++)
        {
            int item = _chunks[chunk].Item;
            if (_items[item].Which != TensorStatistics.None)
            {
                _itemTotals[item] += _sums[chunk];
            }
        }

        for (int item = 0; item < _itemCount; item++)
        {
            ref readonly var it = ref _items[item];
            if (preview)
            {
                _previews[item] = UpdateStatistics.Of(_itemTotals[item], it.Count, it.C, it.State!.Step + 1);
            }
            else if (it.Which != TensorStatistics.None)
            {
                it.State!.Statistics = UpdateStatistics.Of(_itemTotals[item], it.Count, it.C, it.State.Step);
            }
        }
    }

    /// <summary>The first element of an eligible tensor's CPU memory (TorchSharp's bytes view is zero-copy over it, and it does not move); the caller keeps the tensor alive while the pointer is used.</summary>
    /// <param name="t">A tensor for which <see cref="IsEligible"/> holds.</param>
    internal static float* Pointer(Tensor t) => (float*)Bytes(t);

    /// <summary>The first byte of a contiguous CPU tensor's memory, whatever its dtype (the caller keeps the tensor alive).</summary>
    /// <param name="t">A contiguous CPU tensor.</param>
    internal static byte* Bytes(Tensor t) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>True when the fused kernel can update a state of this format in place: contiguous CPU moments of the format's dtype (and scales for 8-bit).</summary>
    /// <param name="s">The state.</param>
    /// <param name="numel">The parameter's element count.</param>
    internal static bool StateIsEligible(AdaptiveState s, long numel) => s.Format switch
    {
        StateFormat.Float32 => IsEligible(s.ExpAvg, numel) && IsEligible(s.ExpAvgSq, numel),
        StateFormat.BFloat16 => IsStored(s.ExpAvg, ScalarType.BFloat16, numel) && IsStored(s.ExpAvgSq, ScalarType.BFloat16, numel),
        _ => IsStored(s.ExpAvg, ScalarType.Byte, numel) && IsStored(s.ExpAvgSq, ScalarType.Byte, numel) &&
            s.ExpAvgScales is { } ms && s.ExpAvgSqScales is { } vs && IsEligible(ms, StateFormats.Blocks(numel)) && IsEligible(vs, StateFormats.Blocks(numel)),
    };

    private static bool IsStored(Tensor t, ScalarType dtype, long numel) =>
        t.dtype == dtype && t.device_type == TorchSharp.DeviceType.CPU && t.is_contiguous() && t.numel() == numel && numel <= int.MaxValue / sizeof(float);

    private struct Item
    {
        public float* P;
        public float* G;
        public byte* M; // float32, bfloat16 or 8-bit codes, by Format
        public byte* V;
        public float* MScales;
        public float* VScales;
        public StateFormat Format;
        public RoundingKey Key; // bfloat16: one draw per element for m and v
        public float* X;
        public AdamCoefficients C;
        public long Count;
        public TensorStatistics Which; // what this item's chunks sum (None: nothing)
        public AdaptiveState? State;
        public int Owner;
    }
}
