using Warmup.Analysis.Analyses;
using Warmup.Core.Maths;

namespace Warmup.Analysis.Tests.Analyses;

public class FactThreeOneTests
{
    [Fact]
    public void HoldsOnAGridAndAtTheEdges()
    {
        var r = FactThreeOne.Run(2_001);
        Assert.True(r.Holds);
        Assert.Empty(r.Counterexamples);
        Assert.Equal(2_001 + 14 + 1, r.Checked);
    }

    /// <summary>The boundary is where rho_5 = 4: just above it Fact 3.1 holds, at it and below it does not.</summary>
    [Fact]
    public void TheBoundaryIsWhereRhoFiveCrossesFour()
    {
        double b = FactThreeOne.Run(11).FailsBelow;
        Assert.InRange(b, 0.77330302, 0.77330303);
        Assert.True(Rectification.Rho(5, b) <= 4);
        Assert.True(Rectification.Rho(5, b + 1e-12) > 4);
        Assert.False(FactThreeOne.HoldsAt(b));
        Assert.True(FactThreeOne.HoldsAt(b + 1e-12));
        Assert.False(FactThreeOne.HoldsAt(0.7));
    }
}
