namespace Warmup.Core.Updates;

/// <summary>What one optimizer step does to a parameter, given its moments.</summary>
public enum StepKind
{
    /// <summary>The adaptive step: <c>p -= step_size * m / (sqrt(v) / sqrt(bc2) + eps)</c> (Adam; RAdam when rectified).</summary>
    Adaptive,

    /// <summary>The un-adapted momentum step: <c>p -= step_size * m</c> (RAdam before rectification, Liu et al. Algorithm 2 line 14).</summary>
    Momentum,

    /// <summary>Moments are updated, the parameter is not (the official RAdam code before rectification).</summary>
    MomentsOnly,

    /// <summary>Only the second moment is updated (Adam-2k's first phase, Liu et al. Section 3.1).</summary>
    SecondMomentOnly,
}
