using Warmup.Core.Schedules;
using Warmup.Experiments.Methods;

namespace Warmup.Experiments.Tests.Methods;

public class MethodSpecTests
{
    public static TheoryData<string, string> Names => new()
    {
        { "adam", "adam" },
        { "adam+linear:250", "adam+linear" },
        { "adam+exp:12.5", "adam+exp" },
        { "untuned-linear", "untuned-linear" },
        { "untuned-exp", "untuned-exp" },
        { "radam", "radam" },
        { "adam+radam-warmup", "adam+radam-warmup" },
        { "adam+radam-warmup:linear", "adam+radam-warmup" },
        { "adam+radam-warmup:constant", "adam+radam-warmup" },
        { "adam-2k", "adam-2k" },
        { "adam-2k:500", "adam-2k" },
        { "adam-eps", "adam-eps" },
        { "adam-eps:0.001", "adam-eps" },
        { "sgd", "sgd" },
        { "sgd:0.5", "sgd" },
        { "gi-adam", "gi-adam" },
        { "adam+update-clip", "adam+update-clip" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryNameParsesAndPrintsBackTheSame(string name, string method)
    {
        var spec = MethodSpec.Parse(name);
        Assert.Equal(method, spec.Definition.Name);
        Assert.Equal(name, spec.Name);
        Assert.Equal(spec, MethodSpec.Parse(spec.Name));
    }

    [Fact]
    public void DefaultsAreThePapers()
    {
        Assert.Equal(2000, MethodSpec.Parse("adam-2k").Argument); // Liu et al. 3.1
        Assert.Equal(2000, MethodSpec.Parse("adam-2k").ExtraSteps);
        Assert.Equal(1e-4, MethodSpec.Parse("adam-eps").Argument); // Liu et al. 3.1
        Assert.Null(MethodSpec.Parse("adam").Argument);
        Assert.Equal(0.9, MethodSpec.Parse("sgd").Argument);
        Assert.Equal((double)RAdamEarlySteps.Zero, MethodSpec.Parse("adam+radam-warmup").Argument);
        Assert.Equal("radam", MethodSpec.Parse("  RAdam ").Name);
    }

    [Theory]
    [InlineData("lion")]
    [InlineData("adam:3")]
    [InlineData("adam+linear")]
    [InlineData("adam+linear:0")]
    [InlineData("adam+exp:-5")]
    [InlineData("adam+exp:abc")]
    [InlineData("adam+radam-warmup:quadratic")]
    [InlineData("adam+radam-warmup:7")]
    [InlineData("sgd:1")]
    [InlineData("untuned-linear:100")]
    [InlineData("gi-adam:1")]
    [InlineData("adam-2k:0.5")]
    [InlineData("dynamic:1")]
    [InlineData("dynamic:-0.1")]
    [InlineData("adam-2k:0")]
    [InlineData("adam-2k:99999999999")]
    public void BadNamesListTheValidOnes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => MethodSpec.Parse(name));
        Assert.Equal($"Unknown or malformed method '{name}'; expected one of: adam, untuned-linear, untuned-exp, radam, adam+radam-warmup[:zero|constant|linear], adam-2k[:K], adam-eps[:EPS], sgd[:MOMENTUM], adam+linear:TAU, adam+exp:TAU, dynamic[:TOLERANCE], geometric[:STEPS], gi-adam, gi-adam-bc, gi-adam-bc+stable, adam+update-clip, stable-adamw, stable-adamw+untuned-linear, lamb, adamw[:WD], adamw+untuned-linear[:WD], adamw-bf16[:WD], adamw-bf16+untuned-linear[:WD], adamw-8bit[:WD], adamw-8bit+untuned-linear[:WD].", e.Message);
    }

    [Fact]
    public void EffectiveLearningRatesOverTheFirstStepsFollowThePapers()
    {
        const double lr = 0.01, beta2 = 0.99;
        // The rate the optimizer says its step t applied (after t steps on a constant gradient).
        double At(string method, long t)
        {
            using var p = new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(1));
            using var optimizer = MethodSpec.Parse(method).Create([p], new Hyperparameters(lr, Beta2: beta2));
            for (long k = 1; k <= t; k++)
            {
                optimizer.zero_grad();
                var g = TorchSharp.torch.ones(1);
                p.grad = g;
                GC.KeepAlive(g);

                optimizer.step();
            }

            return ((Warmup.Torch.Optim.AdaptiveOptimizer)optimizer).LastStep.LearningRate;
        }

        // Linear: lr min(1, t / tau); untuned tau = 2 / (1 - beta2) = 200 (Ma and Yarats Eq. 14).
        Assert.Equal(lr * 1 / 200.0, At("untuned-linear", 1), 15);
        Assert.Equal(lr * 0.5, At("untuned-linear", 100), 15);
        Assert.Equal(lr, At("untuned-linear", 200), 15);
        Assert.Equal(lr, At("untuned-linear", 201), 15);
        Assert.Equal(lr * 3 / 10.0, At("adam+linear:10", 3), 15);

        // Exponential: lr (1 - exp(-t / tau)); untuned tau = 1 / (1 - beta2) = 100 (Eq. 13).
        Assert.Equal(lr * (1 - Math.Exp(-0.01)), At("untuned-exp", 1), 15);
        Assert.Equal(lr * (1 - Math.Exp(-0.5)), At("untuned-exp", 50), 15);
        Assert.Equal(lr * (1 - Math.Exp(-0.7)), At("adam+exp:10", 7), 15);

        // RAdam: lr on the momentum for t <= 4 (Fact 3.1), lr r_t from t = 5 (Liu et al. Algorithm 2).
        for (int t = 1; t <= 4; t++)
        {
            Assert.Equal(lr, At("radam", t));
            Assert.Equal(0.0, At("adam+radam-warmup", t));
            Assert.Equal(lr * R(5, beta2), At("adam+radam-warmup:constant", t), 15);
            Assert.Equal(lr * R(5, beta2) * t / 5, At("adam+radam-warmup:linear", t), 15);
        }

        for (int t = 5; t <= 30; t++)
        {
            Assert.Equal(lr * R(t, beta2), At("radam", t), 12);
            Assert.Equal(lr * R(t, beta2), At("adam+radam-warmup", t), 12);
        }

        // Adam-2k: nothing moves while only v is updated.
        Assert.Equal(0.0, At("adam-2k:3", 3));
        Assert.Equal(lr, At("adam-2k:3", 4));
        Assert.Equal(0.0, At("adam-2k", 2000));
        Assert.Equal(lr, At("adam-2k", 2001));

        foreach (var plain in new[] { "adam", "adam-eps" })
        {
            Assert.Equal(lr, At(plain, 1));
        }
    }

    /// <summary>Liu et al. Eq. 5 and Algorithm 2, written out: rho_t and r_t for small t (no cancellation at beta2 = 0.99).</summary>
    internal static double R(int t, double beta2)
    {
        double rhoInf = (2 / (1 - beta2)) - 1;
        double rho = rhoInf - (2 * t * Math.Pow(beta2, t) / (1 - Math.Pow(beta2, t)));
        return Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
    }
}
