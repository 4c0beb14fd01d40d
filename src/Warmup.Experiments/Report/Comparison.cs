namespace Warmup.Experiments.Report;

/// <summary>How one method's cell compares with another's (<see cref="Findings.Compare"/>).</summary>
public enum Comparison
{
    /// <summary>Under 2 finite runs on a side, with the same number diverged: cannot be told.</summary>
    Unknown,

    /// <summary>Fewer diverged runs, or a better mean beyond seed noise.</summary>
    Better,

    /// <summary>The same diverged runs and means within seed noise.</summary>
    Within,

    /// <summary>More diverged runs, or a worse mean beyond seed noise.</summary>
    Worse,
}
