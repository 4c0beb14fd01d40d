using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// EpsBeforeBiasCorrection: the update of Liu et al. Section 3.1, <c>lr * m_hat * psi_hat</c> with
/// <c>psi_hat = sqrt(1 - beta2^t) / (eps + sqrt(v_t))</c>, written out here in double precision.
/// </summary>
public class EpsPlacementTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AdamWithEpsBeforeBiasCorrectionFollowsLiuEtAlsPsiHat(bool fused)
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-4;
        var dtype = fused ? ScalarType.Float32 : ScalarType.Float64;
        var gen = new Random(3);
        var start = Enumerable.Range(0, 40).Select(_ => gen.NextDouble() - 0.5).ToArray();
        var p = new TorchSharp.Modules.Parameter(tensor(start).to_type(dtype));
        using var adam = new Adam([p], new AdamOptions { LearningRate = lr, Beta1 = b1, Beta2 = b2, Eps = eps, EpsBeforeBiasCorrection = true });
        var (x, m, v) = ((double[])start.Clone(), new double[40], new double[40]);
        for (int t = 1; t <= 30; t++)
        {
            var g = Enumerable.Range(0, 40).Select(_ => (gen.NextDouble() - 0.5) * 1e-3).ToArray(); // |g| ~ eps: placement matters
            Params.Grad(p, () => tensor(g).to_type(dtype));
            adam.step();
            for (int i = 0; i < 40; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
                double psiHat = Math.Sqrt(1 - Math.Pow(b2, t)) / (eps + Math.Sqrt(v[i]));
                x[i] -= lr * m[i] / (1 - Math.Pow(b1, t)) * psiHat;
            }

            var actual = Params.Values(p);
            for (int i = 0; i < 40; i++)
            {
                Assert.Equal(x[i], actual[i], fused ? 1e-6 : 1e-14);
            }
        }
    }

    [Fact]
    public void TheTwoPlacementsDifferMostInTheFirstSteps()
    {
        // Constant gradient c: v_t = (1 - b2^t) c^2, so the move is lr |c| / (|c| + eps_t) with eps_t = eps / sqrt(1 - b2^t)
        // before bias correction, and eps after it.
        const double c = 1e-3, eps = 1e-4, lr = 1;
        double Move(bool before, int steps)
        {
            var p = new TorchSharp.Modules.Parameter(zeros(1, dtype: ScalarType.Float64));
            using var adam = new Adam([p], new AdamOptions { LearningRate = lr, Eps = eps, EpsBeforeBiasCorrection = before });
            double last = 0, move = 0;
            for (int t = 1; t <= steps; t++)
            {
                Params.Grad(p, () => Params.Full([1], c, ScalarType.Float64));
                adam.step();
                move = last - p.item<double>();
                last = p.item<double>();
            }

            return move;
        }

        Assert.Equal(c / (c + (eps / Math.Sqrt(1 - 0.999))), Move(true, 1), 1e-12); // 0.240: eps_1 = 3.16e-3
        Assert.Equal(c / (c + eps), Move(false, 1), 1e-12); // 0.909
        Assert.Equal(c / (c + (eps / Math.Sqrt(1 - Math.Pow(0.999, 100)))), Move(true, 100), 1e-12);
    }

    [Fact]
    public void ThePlacementIsSavedWithTheOptimizer()
    {
        var p = new TorchSharp.Modules.Parameter(ones(3));
        using var adam = new Adam([p], new AdamOptions { EpsBeforeBiasCorrection = true });
        Params.Grad(p, () => ones(3));
        adam.step();
        string path = Path.GetTempFileName();
        try
        {
            adam.save_state_dict(path);
            var q = new TorchSharp.Modules.Parameter(p.detach().clone());
            using var loaded = new Adam([q], new AdamOptions { EpsBeforeBiasCorrection = false });
            loaded.load_state_dict(path);

            // Loaded, the flag is back: the next step of both is the same.
            Params.Grad(p, () => ones(3));
            Params.Grad(q, () => ones(3));
            adam.step();
            loaded.step();
            Assert.Equal(Params.Values(p), Params.Values(q));
            Assert.True(((AdamOptions)((TorchSharp.Modules.ParamGroup)loaded.ParamGroups.First()).Options).EpsBeforeBiasCorrection);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
