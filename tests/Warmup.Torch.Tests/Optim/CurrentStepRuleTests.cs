using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// Rules that read the current step's statistics (the read-only pass before the step), against their papers' definitions
/// written out here in float64: StableAdamW's update clipping (Wortsman et al. 2023, Algorithm 2) and LAMB's trust ratio
/// (You et al. 2020, Algorithm 2), fused (float32) and through tensor operations (float64), with gradient spikes.
/// </summary>
public class CurrentStepRuleTests
{
    private const double Lr = 0.01, Beta1 = 0.9, Beta2 = 0.99, Eps = 1e-8, Wd = 0.1;

    [Theory]
    [InlineData("stable", true)]
    [InlineData("stable", false)]
    [InlineData("lamb", true)]
    [InlineData("lamb", false)]
    public void TheStepIsThePapersOnTheCurrentStep(string rule, bool fused)
    {
        var dtype = fused ? ScalarType.Float32 : ScalarType.Float64;
        var ps = Params.Create(971, dtype, [50], [3, 4]);
        using var adamw = new AdamW(ps, new AdamOptions
        {
            LearningRate = Lr, Beta1 = Beta1, Beta2 = Beta2, Eps = Eps, WeightDecay = Wd,
            Rules = [rule == "stable" ? StableUpdateClipping.Instance : ScaleByTrustRatio.Instance],
        });
        adamw.UseFusedKernel = fused;
        var reference = ps.Select(p => new Reference(Params.Values(p))).ToArray();
        var rng = new Random(972);
        for (int t = 1; t <= 8; t++)
        {
            double scale = t == 5 ? 30 : 1; // a spike: v lags the gradients, the clipping and the ratio act
            Params.SetGradients(rng, scale, ps);
            var grads = ps.Select(p => Params.Values(p.grad!)).ToArray();
            adamw.step();
            for (int i = 0; i < ps.Length; i++)
            {
                double applied = reference[i].Step(grads[i], t, rule);
                var actual = Params.Values(ps[i]);
                Assert.Equal(applied, adamw.StateOf(ps[i]).AppliedLearningRate, fused ? 1e-6 * applied : 1e-12 * applied);
                for (int k = 0; k < actual.Length; k++)
                {
                    double expected = reference[i].P[k];
                    Assert.True(Math.Abs(actual[k] - expected) <= (fused ? 2e-5 : 1e-12) * Math.Max(1, Math.Abs(expected)), $"{rule} step {t} tensor {i}[{k}]: {actual[k]} vs {expected}");
                }
            }
        }
    }

    /// <summary>Adam in float64 with the paper's rule applied to this step's moments.</summary>
    private sealed class Reference(double[] p)
    {
        private readonly double[] _m = new double[p.Length];
        private readonly double[] _v = new double[p.Length];

        public double[] P { get; } = p;

        /// <returns>The learning rate the step applied.</returns>
        public double Step(double[] g, int t, string rule)
        {
            int n = P.Length;
            var r = new double[n];
            double clipped = 0, pp = 0, uu = 0;
            for (int k = 0; k < n; k++)
            {
                _m[k] = (Beta1 * _m[k]) + ((1 - Beta1) * g[k]);
                _v[k] = (Beta2 * _v[k]) + ((1 - Beta2) * g[k] * g[k]);
                double mHat = _m[k] / (1 - Math.Pow(Beta1, t)), vHat = _v[k] / (1 - Math.Pow(Beta2, t));
                r[k] = mHat / (Math.Sqrt(vHat) + Eps);
                clipped += g[k] * g[k] / Math.Max(vHat, Eps * Eps);
                pp += P[k] * P[k];
                uu += (r[k] + (Wd * P[k])) * (r[k] + (Wd * P[k]));
            }

            double lr = rule == "stable" ? Lr / Math.Max(1, Math.Sqrt(clipped / n)) : Lr * Math.Sqrt(pp / uu);
            for (int k = 0; k < n; k++)
            {
                P[k] = (P[k] * (1 - (lr * Wd))) - (lr * r[k]);
            }

            return lr;
        }
    }
}
