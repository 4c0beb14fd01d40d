using static Warmup.Analyzers.Tests.Support.AnalyzerHarness;

namespace Warmup.Analyzers.Tests;

/// <summary>WU0003: an explicitly created Scalar must be held for the whole native call.</summary>
public class UnheldScalarTests
{
    [Fact]
    public Task PassedDirectlyUsedAsReceiverOrDiscarded() => AssertMarkedAsync(InMethod(
        """
                x.add_(y, 0.5.ToScalar()); // expect: WU0003
                x.add_(y, alpha: d.ToScalar()); // expect: WU0003
                x.add_(y, (Scalar)0.5); // expect: WU0003
                var type = 0.5.ToScalar().Type; // expect: WU0003
                var read = x.ToScalar().ToDouble(); // expect: WU0003
                0.5.ToScalar(); // expect: WU0003
                x.add_(y, Make()); // expect: WU0003
        """,
        """
            private static Scalar Make() => 0.5.ToScalar();
        """));

    [Fact]
    public Task PlainLocalsDoNotHoldInRelease() => AssertMarkedAsync(InMethod(
        """
                var s = 0.5.ToScalar(); // expect: WU0003
                x.add_(y, s);
                Scalar t;
                t = d.ToScalar(); // expect: WU0003
                x.add_(y, t);
        """));

    [Fact]
    public Task UsingVariablesFieldsAndReturnsHold() => AssertMarkedAsync(InMethod(
        """
                using var a = 0.5.ToScalar();
                x.add_(y, a);
                x.add_(y, alpha: a);
                using (var s = d.ToScalar())
                {
                    x.add_(y, s);
                }

                using var c = b ? 1.0.ToScalar() : 2.0.ToScalar();
                using var cast = (Scalar)f;
                Func<Scalar> factory = () => 0.5.ToScalar();
                x.add_(y, Field);
                x.add_(y, Property);
        """,
        """
            private static readonly Scalar Field = 0.5.ToScalar();
            private static Scalar Property { get; set; } = 1.0.ToScalar();
            private Scalar? _cached;

            public Scalar Cached() => _cached ??= 0.25.ToScalar();
            public void Reset(double v) => _cached = v.ToScalar();
            public static Scalar Make(double v) => v.ToScalar();
            public static Scalar Made
            {
                get { return 2.0.ToScalar(); }
            }
        """));

    [Fact]
    public async Task MessageSaysWhyAndWhatToWrite()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(Compile([InMethod("        var s = 0.5.ToScalar();")])));
        Assert.Equal(
            "The Scalar from '0.5.ToScalar()' is kept in a local that is not a using variable (in Release its lifetime ends "
            + "at its last use), so the GC may finalize it during the native call: declare it `using var s = ...;` (or keep it "
            + "in a field) and pass s",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
