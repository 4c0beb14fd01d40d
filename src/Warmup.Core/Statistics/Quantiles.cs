using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warmup.Core.Statistics;

/// <summary>
/// Exact quantiles with NumPy's default ("linear", Hyndman and Fan type 7) definition: for n values and probability
/// q, with h = (n - 1) q, the result is x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)), x_(k) the k-th
/// smallest (0-based). Computed by radix selection instead of sorting: one pass histograms the top 16 bits of every
/// value's order-preserving key, a second gathers the few values in the buckets that hold the wanted ranks, and only
/// those are sorted. About two passes over the data for any number of quantiles.
/// </summary>
/// <remarks>
/// Called on a sequence of similar samples (the rows of a simulation), it first tries the previous call's results
/// as guesses: one SIMD pass counts the values below a narrow bracket around each guess and collects those inside,
/// and when every wanted rank falls inside its bracket, a selection among the few collected values finishes the
/// job. Otherwise (first call, or the sample moved too far) it falls back to the radix path. Either way the result
/// is exact, so it does not depend on the order of calls. Not thread-safe: one instance per thread.
/// </remarks>
public sealed class Quantiles
{
    private const int Buckets = 1 << 16;

    // Ranks either side of the previous result that a bracket aims to span (measured on the update-magnitude rows:
    // a quantile's rank moves by 38 on average, at most about 200, from one iteration to the next).
    private const int BracketRanks = 256;
    private const int MaxSimdBrackets = 8;
    private static readonly int[] PackTable = BuildPackTable();
    private readonly int[] _histogram = new int[Buckets];
    private readonly uint[][] _gathered;
    private readonly int[] _gatheredCount;
    private readonly int[] _slotOfBucket = new int[Buckets];
    private ushort[] _bucketOf = [];
    private readonly double[] _guess;
    private readonly double[] _halfWidth;
    private readonly float[][] _inside;
    private bool _haveGuess;
    private readonly float[][] _narrow = [[], []];
    private readonly double[] _probabilities;
    private readonly long[] _ranks;

    /// <summary>Prepares scratch space for the given probabilities.</summary>
    /// <param name="probabilities">Probabilities in [0, 1].</param>
    public Quantiles(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        foreach (double q in probabilities)
        {
            if (!(q >= 0 && q <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), q, "Quantile probabilities must be in [0, 1].");
            }
        }

        _probabilities = [.. probabilities];
        _ranks = new long[2 * _probabilities.Length];
        _gathered = Enumerable.Range(0, _ranks.Length).Select(_ => Array.Empty<uint>()).ToArray();
        _gatheredCount = new int[_ranks.Length];
        _guess = new double[_probabilities.Length];
        _halfWidth = new double[_probabilities.Length];
        _inside = Enumerable.Range(0, _probabilities.Length).Select(_ => Array.Empty<float>()).ToArray();
        Array.Fill(_slotOfBucket, -1);
    }

    /// <summary>The probabilities.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>Writes the quantiles of <paramref name="values"/> (finite, at least one) into <paramref name="result"/>.</summary>
    /// <param name="values">The sample.</param>
    /// <param name="result">One entry per probability.</param>
    public void Compute(ReadOnlySpan<float> values, Span<double> result)
    {
        int n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        if (result.Length != _probabilities.Length)
        {
            throw new ArgumentException($"Expected {_probabilities.Length} results, got room for {result.Length}.", nameof(result));
        }

        // The ranks needed: floor(h) and floor(h) + 1 for each probability.
        for (int i = 0; i < _probabilities.Length; i++)
        {
            long lo = (long)Math.Floor((n - 1) * _probabilities[i]);
            _ranks[2 * i] = lo;
            _ranks[(2 * i) + 1] = Math.Min(lo + 1, n - 1);
        }

        if (_haveGuess && TryBrackets(values, result))
        {
            return;
        }

        ComputeByRadix(values, result);
    }

    /// <summary>Number of calls answered from the previous results' brackets (for diagnostics).</summary>
    public long BracketHits { get; private set; }

    /// <summary>Number of calls that needed the radix path.</summary>
    public long RadixCalls { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ComputeByRadix(ReadOnlySpan<float> values, Span<double> result)
    {
        int n = values.Length;
        RadixCalls++;

        // Pass 1: the bucket (top 16 bits of the key) of every value, in SIMD, then its histogram.
        if (_bucketOf.Length < n)
        {
            _bucketOf = new ushort[n];
        }

        var buckets = _bucketOf.AsSpan(0, n);
        var (minBucket, maxBucket) = BucketsOf(values, buckets);
        foreach (ushort b in buckets)
        {
            _histogram[b]++;
        }

        // The bucket of each rank, and the rank's position inside it.
        Span<int> bucketOfRank = stackalloc int[_ranks.Length];
        Span<long> below = stackalloc long[_ranks.Length];
        long cumulative = 0;
        for (int b = minBucket, r = 0; b <= maxBucket && r < _ranks.Length; b++)
        {
            long next = cumulative + _histogram[b];
            for (int k = 0; k < _ranks.Length; k++)
            {
                if (_ranks[k] >= cumulative && _ranks[k] < next)
                {
                    bucketOfRank[k] = b;
                    below[k] = cumulative;
                    r++;
                }
            }

            cumulative = next;
        }

        int slots = 0;
        for (int k = 0; k < _ranks.Length; k++)
        {
            int b = bucketOfRank[k];
            if (_slotOfBucket[b] < 0)
            {
                if (_gathered[slots].Length < _histogram[b])
                {
                    _gathered[slots] = new uint[Math.Max(_histogram[b], 2 * _gathered[slots].Length)];
                }

                _gatheredCount[slots] = 0;
                _slotOfBucket[b] = slots++;
            }
        }

        // Pass 2: gather the keys of the wanted buckets (their sizes are known from the histogram).
        for (int i = 0; i < n; i++)
        {
            int slot = _slotOfBucket[buckets[i]];
            if (slot >= 0)
            {
                _gathered[slot][_gatheredCount[slot]++] = Key(values[i]);
            }
        }

        for (int slot = 0; slot < slots; slot++)
        {
            _gathered[slot].AsSpan(0, _gatheredCount[slot]).Sort();
        }

        for (int i = 0; i < _probabilities.Length; i++)
        {
            double lo = Value(bucketOfRank[2 * i], _ranks[2 * i] - below[2 * i]);
            double hi = Value(bucketOfRank[(2 * i) + 1], _ranks[(2 * i) + 1] - below[(2 * i) + 1]);
            double h = (n - 1) * _probabilities[i];
            result[i] = Interpolate(lo, hi, h - Math.Floor(h));

            // Guess for the next call: this result, +- BracketRanks ranks at the density of its bucket.
            int bucket = bucketOfRank[2 * i];
            double width = FromKey((uint)(bucket + 1) << 16) - (double)FromKey((uint)bucket << 16);
            _guess[i] = result[i];
            _halfWidth[i] = BracketRanks * Math.Abs(width) / Math.Max(_histogram[bucket], 1);
        }

        // Infinite values are allowed, but brackets around an infinite quantile make no sense: radix next time.
        _haveGuess = true;
        for (int i = 0; i < _probabilities.Length; i++)
        {
            _haveGuess &= double.IsFinite(result[i]);
        }

        // Leave the scratch clean for the next call.
        _histogram.AsSpan(minBucket, maxBucket - minBucket + 1).Clear();
        for (int k = 0; k < _ranks.Length; k++)
        {
            _slotOfBucket[bucketOfRank[k]] = -1;
        }
    }

    // Type 7 between neighbours a <= b, with the limits where one is infinite (a + f (b - a) would give NaN there:
    // infinity - infinity, or 0 * infinity).
    private static double Interpolate(double a, double b, double f)
    {
        if (f == 0 || a == b || double.IsNegativeInfinity(a))
        {
            return a;
        }

        return double.IsPositiveInfinity(b) ? b : a + (f * (b - a));
    }

    // One SIMD pass: count the values below each bracket and collect those inside; succeed when every wanted rank
    // lies inside its bracket.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryBrackets(ReadOnlySpan<float> values, Span<double> result)
    {
        int n = values.Length;
        int m = _probabilities.Length;
        Span<float> lo = stackalloc float[m];
        Span<float> hi = stackalloc float[m];
        Span<int> below = stackalloc int[m];
        Span<int> inside = stackalloc int[m];
        for (int j = 0; j < m; j++)
        {
            lo[j] = (float)(_guess[j] - _halfWidth[j]);
            hi[j] = (float)(_guess[j] + _halfWidth[j]);
        }

        // One branch-free pass: the count below each bracket and the values inside it, packed per bracket.
        for (int j = 0; j < m; j++)
        {
            if (_inside[j].Length < n + 8)
            {
                _inside[j] = new float[n + 8];
            }
        }

        CountAndPack(values, lo, hi, below, inside, _inside);
        for (int j = 0; j < m; j++)
        {
            long kLo = _ranks[2 * j] - below[j];
            long kHi = _ranks[(2 * j) + 1] - below[j];
            if (kLo < 0 || kHi >= inside[j])
            {
                return Miss(j);
            }
        }

        for (int j = 0; j < m; j++)
        {
            var collected = _inside[j].AsSpan(0, inside[j]);
            int kLo = (int)(_ranks[2 * j] - below[j]);
            int kHi = (int)(_ranks[(2 * j) + 1] - below[j]);
            var (a, b) = SelectPair(collected, kLo, kHi, lo[j], hi[j]);
            double h = (n - 1) * _probabilities[j];
            result[j] = Interpolate(a, b, h - Math.Floor(h));
        }

        // Next brackets: about BracketRanks ranks either side, from the density of values seen in this one.
        for (int j = 0; j < m; j++)
        {
            _halfWidth[j] = BracketRanks * ((double)hi[j] - lo[j]) / Math.Max(inside[j], 1);
            _guess[j] = result[j];
        }

        BracketHits++;
        return true;
    }

    // For each bracket j: the number of values below lo[j], and the values in [lo[j], hi[j]] packed into packed[j]
    // in their order (left-packing through a permutation table: no data-dependent branches). Each packed[j] must
    // have room for values.Length + 8.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void CountAndPack(ReadOnlySpan<float> values, ReadOnlySpan<float> lo, ReadOnlySpan<float> hi, Span<int> below, Span<int> counts, float[][] packed)
    {
        int n = values.Length;
        int m = lo.Length;
        int i = 0;
        below.Clear();
        counts.Clear();
        if (Avx2.IsSupported && m <= MaxSimdBrackets)
        {
            Span<Vector256<float>> l = stackalloc Vector256<float>[MaxSimdBrackets];
            Span<Vector256<float>> h = stackalloc Vector256<float>[MaxSimdBrackets];
            Span<Vector256<int>> under = stackalloc Vector256<int>[MaxSimdBrackets];
            for (int j = 0; j < m; j++)
            {
                (l[j], h[j], under[j]) = (Vector256.Create(lo[j]), Vector256.Create(hi[j]), Vector256<int>.Zero);
            }

            ref float src = ref MemoryMarshal.GetReference(values);
            ref int table = ref MemoryMarshal.GetArrayDataReference(PackTable);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                for (int j = 0; j < m; j++)
                {
                    var isBelow = Vector256.LessThan(v, l[j]);
                    under[j] -= isBelow.AsInt32();
                    uint mask = Vector256.AndNot(Vector256.LessThanOrEqual(v, h[j]), isBelow).ExtractMostSignificantBits();
                    var order = Vector256.LoadUnsafe(ref table, mask * 8);
                    Avx2.PermuteVar8x32(v, order).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(packed[j]), (nuint)counts[j]);
                    counts[j] += System.Numerics.BitOperations.PopCount(mask);
                }
            }

            for (int j = 0; j < m; j++)
            {
                below[j] = Vector256.Sum(under[j]);
            }
        }

        for (; i < n; i++)
        {
            float v = values[i];
            for (int j = 0; j < m; j++)
            {
                if (v < lo[j])
                {
                    below[j]++;
                }
                else if (v <= hi[j])
                {
                    packed[j][counts[j]++] = v;
                }
            }
        }
    }

    // For each 8-bit mask, the lanes to gather so that the selected ones come first, in order.
    private static int[] BuildPackTable()
    {
        var table = new int[256 * 8];
        for (int mask = 0; mask < 256; mask++)
        {
            int k = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                if ((mask & (1 << lane)) != 0)
                {
                    table[(mask * 8) + k++] = lane;
                }
            }
        }

        return table;
    }

    // The wanted rank was outside the bracket: widen it next time.
    private bool Miss(int j)
    {
        _halfWidth[j] *= 4;
        return false;
    }

    // The kLo-th and kHi-th smallest (kHi is kLo or kLo + 1) of values that all lie in [lo, hi]. Narrows the
    // bracket around where the ranks should be if the values were evenly spread (about +-8 ranks), widening it when
    // they are not, until few values remain; those are sorted.
    private (float Lo, float Hi) SelectPair(Span<float> values, int kLo, int kHi, float lo, float hi)
    {
        Span<float> lo1 = stackalloc float[1];
        Span<float> hi1 = stackalloc float[1];
        Span<int> below1 = stackalloc int[1];
        Span<int> count1 = stackalloc int[1];
        for (int round = 0; round < 8 && values.Length > 32; round++)
        {
            double spread = ((double)hi - lo) / values.Length;
            double middle = lo + (spread * (kLo + 0.5));
            double half = 8 * spread;
            for (int attempt = 0; attempt < 6; attempt++, half *= 4)
            {
                (lo1[0], hi1[0]) = ((float)(middle - half), (float)(middle + half));
                if (_narrow[0].Length < values.Length + 8)
                {
                    _narrow[0] = new float[values.Length + 8];
                }

                CountAndPack(values, lo1, hi1, below1, count1, _narrow);
                if (kLo - below1[0] >= 0 && kHi - below1[0] < count1[0])
                {
                    (_narrow[0], _narrow[1]) = (_narrow[1], _narrow[0]);
                    values = _narrow[1].AsSpan(0, count1[0]);
                    (kLo, kHi, lo, hi) = (kLo - below1[0], kHi - below1[0], lo1[0], hi1[0]);
                    break;
                }
            }
        }

        values.Sort();
        return (values[kLo], values[kHi]);
    }

    private double Value(int bucket, long rankInBucket) =>
        FromKey(_gathered[_slotOfBucket[bucket]][rankInBucket]);

    // An order-preserving map from float to uint: flip all bits of negatives, the sign bit of positives.
    private static uint Key(float v)
    {
        int bits = BitConverter.SingleToInt32Bits(v);
        return (uint)(bits ^ ((bits >> 31) | int.MinValue));
    }

    // Top 16 bits of every key, with the smallest and largest.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (int Min, int Max) BucketsOf(ReadOnlySpan<float> values, Span<ushort> buckets)
    {
        int n = values.Length;
        int i = 0;
        int min = Buckets, max = -1;
        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            var vmin = Vector256.Create(uint.MaxValue);
            var vmax = Vector256<uint>.Zero;
            ref float src = ref MemoryMarshal.GetReference(values);
            ref ushort dst = ref MemoryMarshal.GetReference(buckets);
            for (; i + 16 <= n; i += 16)
            {
                var a = Vector256.LoadUnsafe(ref src, (nuint)i).AsInt32();
                var b = Vector256.LoadUnsafe(ref src, (nuint)(i + 8)).AsInt32();
                var ka = Vector256.ShiftRightLogical((a ^ (Vector256.ShiftRightArithmetic(a, 31) | Vector256.Create(int.MinValue))).AsUInt32(), 16);
                var kb = Vector256.ShiftRightLogical((b ^ (Vector256.ShiftRightArithmetic(b, 31) | Vector256.Create(int.MinValue))).AsUInt32(), 16);
                vmin = Vector256.Min(vmin, Vector256.Min(ka, kb));
                vmax = Vector256.Max(vmax, Vector256.Max(ka, kb));
                Vector256.Narrow(ka, kb).StoreUnsafe(ref dst, (nuint)i);
            }

            for (int k = 0; k < Vector256<uint>.Count; k++)
            {
                min = Math.Min(min, (int)vmin[k]);
                max = Math.Max(max, (int)vmax[k]);
            }
        }

        for (; i < n; i++)
        {
            int b = (int)(Key(values[i]) >> 16);
            buckets[i] = (ushort)b;
            min = Math.Min(min, b);
            max = Math.Max(max, b);
        }

        return (min, max);
    }

    private static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);
}
