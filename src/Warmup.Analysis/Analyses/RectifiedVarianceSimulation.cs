using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Warmup.Analysis.Random;
using Warmup.Core.Maths;
using Warmup.Core.Threading;

namespace Warmup.Analysis.Analyses;

/// <summary>
/// The simulated verification of Liu et al. (Section 5.3, Fig. 9): with g ~ N(mu, 1), the variance over trajectories
/// of the adaptive learning rate psi_t = sqrt((1 - beta2^t) / v_t) and of the rectified r_t psi_t, at every iteration.
/// </summary>
/// <remarks>
/// Trajectories run in SIMD lanes, in chunks spread over the cores; each chunk reduces its lanes to a mean and a sum
/// of squared deviations per iteration (two passes, exact), and the chunks are merged in chunk order with Chan et
/// al.'s formula, so the numbers do not depend on the thread count. Since r_t does not depend on the trajectory,
/// Var[r_t psi_t] = r_t^2 Var[psi_t].
/// </remarks>
public static class RectifiedVarianceSimulation
{
    private const int Chunk = 512;

    /// <summary>Runs one simulation per mean.</summary>
    /// <param name="settings">What to simulate.</param>
    /// <param name="progress">Receives the fraction done after each mean.</param>
    public static RectifiedVarianceResult Run(RectifiedVarianceSettings settings, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        int threads = settings.Threads <= 0 ? ChunkRunner.Shared.Threads : settings.Threads;
        var means = settings.MeansOrDefault;
        var variance = new double[means.Count][];
        var rectified = new double[means.Count][];
        // Shared by every mean: v's per-step weight (1 - beta2) / (1 - beta2^t), and r_t^2 (NaN where rho_t <= 4).
        var weight = new float[settings.Iterations];
        var rSquared = new double[settings.Iterations];
        for (int t = 1; t <= settings.Iterations; t++)
        {
            weight[t - 1] = (float)((1 - settings.Beta2) / BiasCorrection.Of(settings.Beta2, t));
            double r = Rectification.Term(t, settings.Beta2);
            rSquared[t - 1] = r * r;
        }

        for (int i = 0; i < means.Count; i++)
        {
            // Each mean gets its own streams, derived from the seed and the mean's position.
            var job = new Job(settings, means[i], settings.Seed + (0x9E3779B97F4A7C15UL * (ulong)(i + 1)), weight);
            ChunkRunner.Shared.Run(job, job.Chunks, threads);
            variance[i] = job.Merge();
            rectified[i] = new double[settings.Iterations];
            for (int t = 0; t < settings.Iterations; t++)
            {
                rectified[i][t] = rSquared[t] * variance[i][t];
            }

            progress?.Report((i + 1.0) / means.Count);
        }

        return new RectifiedVarianceResult(settings, variance, rectified, clock.Elapsed);
    }

    private sealed class Job : ChunkedJob
    {
        private readonly RectifiedVarianceSettings _s;
        private readonly float _mu;
        private readonly NormalStreams _streams;
        private readonly int _padded;
        private readonly double[][] _mean;
        private readonly double[][] _m2;
        private readonly float[] _b;

        public Job(RectifiedVarianceSettings s, double mu, ulong seed, float[] weight)
        {
            _s = s;
            _mu = (float)mu;
            _padded = (s.Trajectories + 7) & ~7;
            _streams = new NormalStreams(seed, _padded);
            Chunks = (s.Trajectories + Chunk - 1) / Chunk;
            _mean = new double[Chunks][];
            _m2 = new double[Chunks][];
            _b = weight;
        }

        public int Chunks { get; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int chunk)
        {
            int first = chunk * Chunk;
            int lanes = Math.Min(Chunk, _padded - first);
            int real = Math.Min(Chunk, _s.Trajectories - first);
            var v = new float[lanes];
            var z1 = new float[lanes];
            var z2 = new float[lanes];
            var psi = new float[lanes];
            var mean = _mean[chunk] = new double[_s.Iterations];
            var m2 = _m2[chunk] = new double[_s.Iterations];
            var b2 = new Vector<float>((float)_s.Beta2);
            var mu = new Vector<float>(_mu);
            for (int t = 1; t <= _s.Iterations; t++)
            {
                float[] z = z2;
                if ((t & 1) == 1)
                {
                    _streams.NextPair(first, z1, z2);
                    z = z1;
                }

                // v~ = beta2 v~ + g^2 is v / (1 - beta2); psi = sqrt((1 - beta2^t) / v) = 1 / sqrt(v~ b_t).
                var b = new Vector<float>(_b[t - 1]);
                for (int i = 0; i < lanes; i += Vector<float>.Count)
                {
                    var g = new Vector<float>(z, i) + mu;
                    var vv = (new Vector<float>(v, i) * b2) + (g * g);
                    vv.CopyTo(v, i);
                    (Vector<float>.One / Vector.SquareRoot(vv * b)).CopyTo(psi, i);
                }

                double sum = 0;
                for (int i = 0; i < real; i++)
                {
                    sum += psi[i];
                }

                double avg = sum / real;
                double squares = 0;
                for (int i = 0; i < real; i++)
                {
                    double d = psi[i] - avg;
                    squares += d * d;
                }

                mean[t - 1] = avg;
                m2[t - 1] = squares;
            }
        }

        // Chan et al.'s pairwise update, chunk by chunk in order: the unbiased variance per iteration.
        public double[] Merge()
        {
            var variance = new double[_s.Iterations];
            for (int t = 0; t < _s.Iterations; t++)
            {
                double n = 0, mean = 0, m2 = 0;
                for (int c = 0; c < Chunks; c++)
                {
                    double nc = Math.Min(Chunk, _s.Trajectories - (c * Chunk));
                    double delta = _mean[c][t] - mean;
                    double total = n + nc;
                    mean += delta * nc / total;
                    m2 += _m2[c][t] + (delta * delta * n * nc / total);
                    n = total;
                }

                variance[t] = m2 / (n - 1);
            }

            return variance;
        }
    }
}
