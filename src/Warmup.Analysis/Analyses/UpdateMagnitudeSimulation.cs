using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Warmup.Analysis.Random;
using Warmup.Core.Statistics;
using Warmup.Core.Maths;
using Warmup.Core.Threading;

namespace Warmup.Analysis.Analyses;

/// <summary>
/// Adam's update magnitudes at a simulated local minimum (Ma and Yarats, Section 3.3, Fig. 2): every parameter gets
/// i.i.d. N(0, 1) gradients, Adam runs with the given betas and eps, and at every iteration the quantiles of
/// |m_hat / (sqrt(v_hat) + eps)| = |update| / lr over the parameters are recorded.
/// </summary>
/// <remarks>
/// The moments are kept as m~ = m / (1 - beta1) and v~ = v / (1 - beta2) (m~ = beta1 m~ + g, v~ = beta2 v~ + g^2), so
/// m_hat = m~ (1 - beta1) / (1 - beta1^t) with a factor that is exactly 1 at t = 1; with eps = 0 every update of
/// the first iteration is then exactly +-1, as the paper notes. Parameters are simulated in SIMD lanes, in blocks
/// of iterations spread over the cores; each block's rows of |update| are then reduced to exact quantiles
/// (<see cref="Quantiles"/>), row by row, also in parallel. Each parameter has its own gradient stream,
/// so the numbers do not depend on the thread count.
/// </remarks>
public static class UpdateMagnitudeSimulation
{
    private const int Block = 256; // even: every block starts at an odd iteration
    private const int ParamChunk = 2048;
    private const int QuantileGroups = 8;

    /// <summary>Runs the simulation.</summary>
    /// <param name="settings">What to simulate.</param>
    /// <param name="progress">Receives the fraction done after each block of iterations.</param>
    public static UpdateMagnitudeResult Run(UpdateMagnitudeSettings settings, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        int threads = settings.Threads <= 0 ? ChunkRunner.Shared.Threads : settings.Threads;
        var job = new SimulationJob(settings);
        var quantiles = new QuantileJob(job, settings.Parameters);
        var result = new double[settings.Iterations][];
        var simulating = TimeSpan.Zero;
        for (int start = 1; start <= settings.Iterations; start += Block)
        {
            int rows = Math.Min(Block, settings.Iterations - start + 1);
            long begin = Stopwatch.GetTimestamp();
            job.Prepare(start, rows);
            ChunkRunner.Shared.Run(job, job.Chunks, threads);
            simulating += Stopwatch.GetElapsedTime(begin);
            quantiles.Prepare(rows, result, start - 1);
            ChunkRunner.Shared.Run(quantiles, Math.Min(QuantileGroups, rows), threads);
            progress?.Report((double)(start - 1 + rows) / settings.Iterations);
        }

        return new UpdateMagnitudeResult(settings, result, clock.Elapsed, simulating);
    }

    /// <summary>Simulates a block of iterations for one chunk of parameters.</summary>
    private sealed class SimulationJob : ChunkedJob
    {
        private readonly UpdateMagnitudeSettings _s;
        private readonly NormalStreams _streams;
        private readonly float[] _m;
        private readonly float[] _v;
        private readonly float[] _z1;
        private readonly float[] _z2;
        private readonly float[] _a;
        private readonly float[] _b;
        private int _start;
        private int _rows;

        public SimulationJob(UpdateMagnitudeSettings s)
        {
            _s = s;
            Padded = (s.Parameters + 7) & ~7;
            _streams = new NormalStreams(s.Seed, Padded);
            _m = new float[Padded];
            _v = new float[Padded];
            _z1 = new float[Padded];
            _z2 = new float[Padded];
            _a = new float[Block];
            _b = new float[Block];
            Rows = new float[Block * Padded];
            Chunks = (Padded + ParamChunk - 1) / ParamChunk;
        }

        public int Padded { get; }

        public int Chunks { get; }

        /// <summary>Row r holds |update| of iteration start + r for every parameter (stride <see cref="Padded"/>).</summary>
        public float[] Rows { get; }

        public void Prepare(int start, int rows)
        {
            _start = start;
            _rows = rows;
            for (int r = 0; r < rows; r++)
            {
                long t = start + r;
                _a[r] = (float)((1 - _s.Beta1) / BiasCorrection.Of(_s.Beta1, t));
                _b[r] = (float)((1 - _s.Beta2) / BiasCorrection.Of(_s.Beta2, t));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int chunk)
        {
            int first = chunk * ParamChunk;
            int count = Math.Min(ParamChunk, Padded - first);
            var m = _m.AsSpan(first, count);
            var v = _v.AsSpan(first, count);
            var z1 = _z1.AsSpan(first, count);
            var z2 = _z2.AsSpan(first, count);
            var b1 = new Vector<float>((float)_s.Beta1);
            var b2 = new Vector<float>((float)_s.Beta2);
            var eps = new Vector<float>((float)_s.Eps);

            // Normals come in Box-Muller pairs: odd iterations draw a pair and use z1, even ones use z2.
            for (int r = 0; r < _rows; r++)
            {
                Span<float> z = z2;
                if (((_start + r) & 1) == 1)
                {
                    _streams.NextPair(first, z1, z2);
                    z = z1;
                }

                var a = new Vector<float>(_a[r]);
                var b = new Vector<float>(_b[r]);
                var row = Rows.AsSpan((r * Padded) + first, count);
                for (int i = 0; i < count; i += Vector<float>.Count)
                {
                    var g = new Vector<float>(z[i..]);
                    var mv = (new Vector<float>(m[i..]) * b1) + g;
                    var vv = (new Vector<float>(v[i..]) * b2) + (g * g);
                    mv.CopyTo(m[i..]);
                    vv.CopyTo(v[i..]);
                    Vector.Abs((mv * a) / (Vector.SquareRoot(vv * b) + eps)).CopyTo(row[i..]);
                }
            }
        }
    }

    /// <summary>
    /// Reduces each row of a block to its quantiles; chunk k takes a contiguous range of rows, so that each
    /// <see cref="Quantiles"/> instance sees consecutive iterations and its guesses from the previous row hit.
    /// </summary>
    private sealed class QuantileJob(SimulationJob simulation, int parameters) : ChunkedJob
    {
        private readonly Quantiles[] _scratch = Enumerable.Range(0, QuantileGroups).Select(_ => new Quantiles(UpdateMagnitudeSettings.Probabilities)).ToArray();
        private int _rows;
        private double[][] _result = [];
        private int _offset;
        private int _groups;

        public void Prepare(int rows, double[][] result, int offset)
        {
            (_rows, _result, _offset) = (rows, result, offset);
            _groups = Math.Min(QuantileGroups, rows);
        }

        public override void Execute(int chunk)
        {
            var q = _scratch[chunk];
            int per = (_rows + _groups - 1) / _groups;
            for (int r = chunk * per; r < Math.Min(_rows, (chunk + 1) * per); r++)
            {
                var values = simulation.Rows.AsSpan(r * simulation.Padded, parameters);
                var row = new double[UpdateMagnitudeSettings.Probabilities.Count];
                q.Compute(values, row);
                _result[_offset + r] = row;
            }
        }
    }
}
