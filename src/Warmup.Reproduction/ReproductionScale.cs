namespace Warmup.Reproduction;

/// <summary>How big a reproduction is.</summary>
public enum ReproductionScale
{
    /// <summary>Seconds: a smoke test of the whole pipeline (the tests run it).</summary>
    Tiny,

    /// <summary>A few minutes on 2 cores: the README's main job.</summary>
    Default,

    /// <summary>The grid that supports the claims (over an hour on 2 cores): what REPRODUCTION.md is generated from.</summary>
    Full,
}
