using Warmup.Core.Schedules;

namespace Warmup.Core.Tests.Schedules;

public class WarmupNamesTests
{
    /// <summary>Every value of both enums has a name that finds it again, so a new value without a name fails here.</summary>
    [Fact]
    public void EveryValueHasANameThatFindsIt()
    {
        Assert.All(Enum.GetValues<WarmupKind>(), k => Assert.Equal(k, WarmupNames.FindKind(WarmupNames.Of(k))));
        Assert.All(Enum.GetValues<RAdamEarlySteps>(), e => Assert.Equal(e, WarmupNames.FindEarlySteps(WarmupNames.Of(e))));
        Assert.Equal(Enum.GetValues<WarmupKind>().Length, WarmupNames.KindNames.Distinct().Count());
        Assert.Equal(["zero", "constant", "linear"], WarmupNames.EarlyStepNames);
    }

    [Fact]
    public void TheMethodsShortNamesAreAliasesAndCaseIsIgnored()
    {
        Assert.Equal(WarmupKind.UntunedExponential, WarmupNames.FindKind("untuned-exp"));
        Assert.Equal(WarmupKind.UntunedExponential, WarmupNames.FindKind(" Untuned-Exponential "));
        Assert.Equal(WarmupKind.Exponential, WarmupNames.FindKind("EXP"));
        Assert.Equal("untuned-exponential", WarmupNames.Of(WarmupKind.UntunedExponential));
        Assert.Null(WarmupNames.FindKind("cosine"));
        Assert.Null(WarmupNames.FindEarlySteps("1"));
        Assert.Equal(RAdamEarlySteps.Constant, WarmupNames.FindEarlySteps("Constant"));
    }
}
