using TorchSharp.Modules;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>Bad input gets an ArgumentException that names the option and the value.</summary>
public class ValidationTests
{
    public static TheoryData<string, Func<IEnumerable<Parameter>, IDisposable>> BadOptions() => new()
    {
        { "LearningRate", ps => new Adam(ps, new AdamOptions { LearningRate = -1e-3 }) },
        { "LearningRate", ps => new RAdam(ps, new RAdamOptions { LearningRate = double.NaN }) },
        { "Beta1", ps => new Adam(ps, new AdamOptions { Beta1 = 1.0 }) },
        { "Beta1", ps => new RAdam(ps, new RAdamOptions { Beta1 = -0.1 }) },
        { "Beta2", ps => new AdamW(ps, new AdamOptions { Beta2 = 1.5 }) },
        { "Eps", ps => new Adam(ps, new AdamOptions { Eps = -1e-8 }) },
        { "WeightDecay", ps => new RAdam(ps, new RAdamOptions { WeightDecay = -0.01 }) },
        { "Threshold", ps => new RAdam(ps, new RAdamOptions { Threshold = 3.5 }) },
        { "Beta2", ps => new RAdam(ps, new RAdamOptions { Beta2 = 0.5 }) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void OutOfRangeOptionsAreRejectedByName(string option, Func<IEnumerable<Parameter>, IDisposable> create)
    {
        var e = Assert.Throws<ArgumentException>(() => create(Params.Create(61, ScalarType.Float32, [3])));
        Assert.Equal(option, e.ParamName);
        Assert.Contains(option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARAdamThatNeverRectifiesSaysWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => new RAdam(Params.Create(62, ScalarType.Float32, [3]), new RAdamOptions { Beta2 = 0.6 }));
        Assert.Contains("Beta2 = 0.6", e.Message, StringComparison.Ordinal);
        Assert.Contains("rho_inf", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowNeverRectified", e.Message, StringComparison.Ordinal);
    }

    /// <summary>beta2 &lt;= 0.6 with AllowNeverRectified is momentum SGD throughout: p -= lr * m / (1 - beta1^t), no NaN.</summary>
    [Theory]
    [InlineData(0.6)]
    [InlineData(0.3)]
    [InlineData(0.0)]
    public void NeverRectifiedIsMomentumSgdWithoutNaN(double beta2)
    {
        var p = new Parameter(zeros(2, dtype: ScalarType.Float64));
        using var radam = new RAdam([p], new RAdamOptions { LearningRate = 0.1, Beta2 = beta2, AllowNeverRectified = true });
        double m = 0;
        double expected = 0;
        for (int t = 1; t <= 50; t++)
        {
            double g = Math.Sin(t);
            Params.Grad(p, () => Params.Full([2], g, ScalarType.Float64));
            radam.step();
            m = (0.9 * m) + (0.1 * g);
            expected -= 0.1 * m / (1 - Math.Pow(0.9, t));
            Assert.All(Params.Values(p), x => Assert.Equal(expected, x, 1e-12));
        }
    }

    [Fact]
    public void NoParametersIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => new RAdam(Array.Empty<Parameter>()));
        Assert.Contains("no parameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AParameterInTwoGroupsIsAnError()
    {
        var ps = Params.Create(63, ScalarType.Float32, [3], [4]);
        var e = Assert.Throws<ArgumentException>(() => new Adam(
            [new AdaptiveParamGroup<AdamOptions>(ps), new AdaptiveParamGroup<AdamOptions>([ps[1]])]));
        Assert.Contains("another parameter group", e.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<ArgumentException>(() => new Adam([ps[0], ps[0]]));
        Assert.Contains("appears twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASparseGradientIsAnErrorNamingTheParameter()
    {
        using var embedding = TorchSharp.torch.nn.Embedding(10, 3, sparse: true);
        using var radam = new RAdam(embedding.named_parameters());
        using var loss = embedding.forward(tensor(new long[] { 1, 2 })).sum();
        loss.backward();
        var before = Params.Values(embedding.weight!);
        var e = Assert.Throws<ArgumentException>(() => radam.step());
        Assert.Contains("'weight'", e.Message, StringComparison.Ordinal);
        Assert.Contains("sparse", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Params.Values(embedding.weight!));
    }

    [Fact]
    public void AnOptionBrokenAfterConstructionFailsTheStepAndChangesNothing()
    {
        var ps = Params.Create(64, ScalarType.Float32, [5], [6]);
        using var adam = new Adam(
            [new AdaptiveParamGroup<AdamOptions>([ps[0]]), new AdaptiveParamGroup<AdamOptions>([ps[1]])]);
        Params.SetGradients(new Random(65), 1.0, ps);
        var before = ps.Select(Params.Values).ToArray();
        adam.Groups[1].Options.Eps = -1;
        var e = Assert.Throws<ArgumentException>(() => adam.step());
        Assert.Contains("parameter group 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, ps.Select(Params.Values).ToArray());
        Assert.Equal(0, adam.StateOf(ps[0]).Step);
    }

    [Fact]
    public void OptionsOfTheWrongTypeAreRejected()
    {
        var ps = Params.Create(66, ScalarType.Float32, [3]);
        using var adam = new Adam(ps);
        var more = Params.Create(67, ScalarType.Float32, [3]);
        Assert.Throws<ArgumentException>(() => adam.add_param_group(new ParamGroup<RAdamOptions>(more, new RAdamOptions())));
    }

    [Fact]
    public void DefaultsAreThePapersAndPyTorchs()
    {
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0, false), Tuple(Adam.Defaults));
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.01, true), Tuple(AdamW.Defaults));
        var r = RAdam.Defaults;
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0, false), Tuple(r));
        Assert.Equal((4.0, EarlyPhase.Momentum, false), (r.Threshold!.Value, r.EarlyPhase!.Value, r.AllowNeverRectified!.Value));
        Assert.Equal(0.01, Optimizers.AdamW(Params.Create(68, ScalarType.Float32, [2])).Options.WeightDecay);
    }

    private static (double, double, double, double, double, bool) Tuple(AdaptiveOptions o) =>
        (o.LearningRate!.Value, o.Beta1!.Value, o.Beta2!.Value, o.Eps!.Value, o.WeightDecay!.Value, o.DecoupledWeightDecay!.Value);
}
