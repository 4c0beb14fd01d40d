using FsCheck;
using Microsoft.FSharp.Core;

namespace Warmup.Core.Tests.Support;

/// <summary>
/// Runs an FsCheck property from a fixed seed with many cases, so a run is repeatable: a failure shows up on every
/// run rather than once in a while, and its counterexample can be reproduced. (An unseeded property once failed in
/// CI on a case, exponential warmup at tau = 2069.5 and t = 62,226, that the next runs did not draw.)
/// </summary>
internal static class SeededProperty
{
    public static void Check(Property property, ulong seed, int cases = 10_000) =>
        FsCheck.Check.One(
            Config.QuickThrowOnFailure
                .WithMaxTest(cases)
                .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None))),
            property);
}
