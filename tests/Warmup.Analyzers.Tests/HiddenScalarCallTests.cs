using static Warmup.Analyzers.Tests.Support.AnalyzerHarness;

namespace Warmup.Analyzers.Tests;

/// <summary>WU0002: calls to TorchSharp members that create a Scalar the caller cannot hold.</summary>
public class HiddenScalarCallTests
{
    [Fact]
    public Task OverloadsWithAHiddenAlphaOrValue() => AssertMarkedAsync(InMethod(
        """
                x.add_(y); // expect: WU0002
                var a = x.add(y); // expect: WU0002
                x.addcdiv_(y, z); // expect: WU0002
                var sq = x.square(); // expect: WU0002
                var t = add(x, y); // expect: WU0002
                using var two = 2.0.ToScalar();
                x.add_(two); // expect: WU0002
        """));

    [Fact]
    public Task OperatorsThatRouteThroughThem() => AssertMarkedAsync(InMethod(
        """
                var sum = x + y; // expect: WU0002
                var scaled = x * 2.0; // expect: WU0002
                var shifted = 1 - x; // expect: WU0002
                x += y; // expect: WU0002
                var value = (double)x; // expect: WU0002
                var read = x.ToDouble(); // expect: WU0002
        """));

    [Fact]
    public Task AChainIsReportedAtTheCallNotAtTheStartOfTheChain() => AssertMarkedAsync(InMethod(
        """
                using var beta = 0.9.ToScalar();
                x.mul_(beta)
                    .add_(y); // expect: WU0002
        """));

    [Fact]
    public Task OverridesPropertiesAndConstructorsOfOtherTorchSharpTypes() => AssertMarkedAsync(InMethod(
        "",
        """
            public static void Step(TorchSharp.Modules.Adam adam) => adam.step(); // expect: WU0002
            public static void StepAny(optim.Optimizer optimizer) => optimizer.step();
            public static void StepEither(bool decoupled, IEnumerable<TorchSharp.Modules.Parameter> ps)
            {
                using optim.Optimizer theirs = decoupled ? optim.AdamW(ps) : optim.Adam(ps);
                theirs.step(); // expect: WU0002
                using optim.Optimizer plain = optim.SGD(ps, 0.1);
                plain.zero_grad();
            }
            public static Tensor Variance(TorchSharp.Modules.Normal normal) => normal.variance; // expect: WU0002
            public static object Make(Tensor loc, Tensor scale) => new TorchSharp.Modules.Cauchy(loc, scale); // expect: WU0002
        """));

    [Fact]
    public Task TheSafeOverloadsWithHeldScalars() => AssertMarkedAsync(InMethod(
        """
                using var one = 1.ToScalar();
                using var half = 0.5.ToScalar();
                x.add_(y, one);
                x.add_(y, alpha: one);
                var a = x.add(y, one);
                x.addcdiv_(y, z, one);
                x.add_(half, one);
                x.mul_(half);
                var difference = x - y;
                var product = x * y;
                var item = x.item<float>();
        """));

    [Fact]
    public async Task MessageNamesTheMemberAndTheAlternative()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Compile([InMethod("        x.add_(y);")])));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("'Tensor.add_(Tensor)' makes TorchSharp create a Scalar that no caller can hold", message, StringComparison.Ordinal);
        Assert.Contains("use Tensor.add_(Tensor target, Scalar alpha) with held Scalars (alpha = 1)", message, StringComparison.Ordinal);
    }
}
