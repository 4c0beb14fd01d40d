using static Warmup.Analyzers.Tests.Support.AnalyzerHarness;

namespace Warmup.Analyzers.Tests;

/// <summary>WU0001: every implicit user-defined conversion to TorchSharp.Scalar.</summary>
public class ImplicitScalarConversionTests
{
    [Theory]
    [InlineData("d")]
    [InlineData("f")]
    [InlineData("i")]
    [InlineData("l")]
    [InlineData("b")]
    [InlineData("0.5")]
    [InlineData("(byte)1")]
    [InlineData("(short)1")]
    [InlineData("(Half)1")]
    [InlineData("(1f, 2f)")]
    [InlineData("new System.Numerics.Complex(1, 2)")]
    [InlineData("1.0 - d")]
    [InlineData("-d")]
    public Task ValueOfAnyTypePassedForAScalarParameter(string value) =>
        AssertMarkedAsync(InMethod($"        x.mul_({value}); // expect: WU0001"));

    [Fact]
    public Task NamedArgumentsOperatorOperandsAndAssignments() => AssertMarkedAsync(InMethod(
        """
                x.add_(y, alpha: d); // expect: WU0001
                var mask = x < 0.5; // expect: WU0001
                Scalar s = d; // expect: WU0001
                s = 2; // expect: WU0001
                Func<Tensor, Tensor> twice = t => t.mul(2.0); // expect: WU0001
        """));

    [Fact]
    public Task FieldAndPropertyInitializersAndDefaultValues() => AssertMarkedAsync(InMethod(
        "",
        """
            private static readonly Scalar Half = 0.5; // expect: WU0001
            public Scalar Alpha { get; set; } = 1; // expect: WU0001
            public static Tensor Scale(Tensor t, double factor = 0.5) => t.mul(factor); // expect: WU0001
            public void Set(double v) => Alpha = v; // expect: WU0001
        """));

    [Fact]
    public Task HeldScalarsAreNotConversions() => AssertMarkedAsync(InMethod(
        """
                using var a = 0.5.ToScalar();
                x.add_(y, a);
                x.add_(y, alpha: a);
                using var c = (Scalar)0.5;
                x.mul_(c);
                var v = x.sub(y);
        """));

    [Fact]
    public async Task MessageSaysWhatToWriteInstead()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Compile([InMethod("        x.mul_(1.0 - d);")])));
        Assert.Equal("WU0001", diagnostic.Id);
        Assert.Equal(
            "'1.0 - d' is implicitly converted to a temporary TorchSharp Scalar that the GC may finalize during the native call: "
            + "declare `using var s = (1.0 - d).ToScalar();` (or keep it in a Scalar field) and pass s",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task NothingWithoutTorchSharp()
    {
        var source = """
            public sealed class Scalar
            {
                public static implicit operator Scalar(double value) => new();
            }

            public static class Use
            {
                public static void Run(Scalar s) => Run(0.5);
            }
            """;
        Assert.Empty(await AnalyzeAsync(Compile([source], torchSharp: false)));
    }
}
