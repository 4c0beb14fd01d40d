using TorchSharp.Modules;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>RAdam against numbers published by other implementations.</summary>
public class PublishedVectorTests
{
    /// <summary>
    /// TensorFlow Addons, tensorflow_addons/optimizers/tests/rectified_adam_test.py, test_dense_sample and
    /// test_dense_sample_with_weight_decay: RectifiedAdam(lr=1e-3) with TF's defaults (beta 0.9/0.999, epsilon 1e-7,
    /// sma_threshold 5, eps added to the bias-corrected sqrt(v), weight decay applied as lr * wd * var, i.e.
    /// decoupled), vars [1, 2] and [3, 4], constant gradients [0.1, 0.2] and [0.03, 0.04], 100 steps. The published
    /// values have six decimals and were computed in float32, hence 2e-6. With weight decay there is one more, known
    /// term: like PyTorch, we apply decoupled decay as p *= 1 - lr * wd with that factor rounded to float32, which
    /// TF-Addons (p -= lr * wd * p) does not; the rounding error of the factor, applied 100 times, is added to the bound.
    /// </summary>
    [Theory]
    [InlineData(0.0, new[] { 0.985769, 1.985269, 2.986119, 3.986068 })]
    [InlineData(0.01, new[] { 0.984775, 1.983276, 2.983125, 3.982076 })]
    public void TensorFlowAddonsDenseSample(double weightDecay, double[] expected)
    {
        var var0 = new Parameter(tensor(new float[] { 1, 2 }));
        var var1 = new Parameter(tensor(new float[] { 3, 4 }));
        using var radam = new RAdam([var0, var1], new RAdamOptions
        {
            LearningRate = 1e-3,
            Eps = 1e-7,
            Threshold = 5,
            WeightDecay = weightDecay,
            DecoupledWeightDecay = true,
        });
        for (int step = 0; step < 100; step++)
        {
            Params.Grad(var0, () => tensor(new float[] { 0.1f, 0.2f }));
            Params.Grad(var1, () => tensor(new float[] { 0.03f, 0.04f }));
            radam.step();
        }

        var actual = var0.data<float>().ToArray().Concat(var1.data<float>().ToArray()).ToArray();
        double factor = 1 - (1e-3 * weightDecay);
        double factorRounding = Math.Abs((double)(float)factor - factor);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = 2e-6 + (100 * factorRounding * expected[i]);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"element {i}: {actual[i]:R} vs published {expected[i]} (bound {bound:E2})");
        }
    }

    /// <summary>
    /// LiyuanLucasLiu/RAdam pull request #36 ("buffer bug fix"): four one-element parameters, all ones, loss
    /// p + l + q + m (every gradient 1), lr 1e-3, eps 1e-8, betas (0.9, 0.999), (0.9, 0.1), default, (0.1, 0.999),
    /// ten steps of RAdam with threshold 5 and momentum steps before it (degenerated_to_sgd=True at the time).
    /// The PR publishes the correct result (its PlainRAdam) and the buggy one, where a step-indexed cache shared
    /// across groups gave groups l and m the first group's betas: (0.9948097, 0.9949828, 0.9948097, 0.9764205).
    /// Group l (beta2 = 0.1, rho_inf = 1.2) never rectifies, so it needs AllowNeverRectified.
    /// </summary>
    [Fact]
    public void OfficialRepositoryFourGroupBetas()
    {
        Parameter One() => new(ones(1));
        Parameter p = One(), l = One(), q = One(), m = One();
        using var radam = new RAdam(
            [
                new AdaptiveParamGroup<RAdamOptions>([p], new RAdamOptions { Beta1 = 0.9, Beta2 = 0.999 }),
                new AdaptiveParamGroup<RAdamOptions>([l], new RAdamOptions { Beta1 = 0.9, Beta2 = 0.1, AllowNeverRectified = true }),
                new AdaptiveParamGroup<RAdamOptions>([q]),
                new AdaptiveParamGroup<RAdamOptions>([m], new RAdamOptions { Beta1 = 0.1, Beta2 = 0.999 }),
            ],
            new RAdamOptions { LearningRate = 1e-3, Eps = 1e-8, Threshold = 5, EarlyPhase = EarlyPhase.Momentum });
        for (int step = 0; step < 10; step++)
        {
            foreach (var x in new[] { p, l, q, m })
            {
                Params.Grad(x, () => ones(1));
            }

            radam.step();
        }

        double[] published = [0.9948096871376038, 0.9900001287460327, 0.9948096871376038, 0.9948096871376038];
        double[] actual = [p.item<float>(), l.item<float>(), q.item<float>(), m.item<float>()];
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(actual[i] - published[i]) <= 1e-6, $"group {i}: {actual[i]:R} vs published {published[i]:R}");
        }

        Assert.True(Math.Abs(actual[1] - 0.9949827790260315) > 1e-4, "group l reproduces the shared-cache bug");
        Assert.True(Math.Abs(actual[3] - 0.976420521736145) > 1e-4, "group m reproduces the shared-cache bug");
    }
}
