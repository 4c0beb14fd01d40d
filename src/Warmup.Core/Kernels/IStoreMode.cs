namespace Warmup.Core.Kernels;

/// <summary>
/// Whether a pass writes what it computes (<see cref="Store"/>, the step) or only reads (<see cref="Preview"/>, the
/// read-only pass that reduces the current step's statistics before the step is planned): a type parameter, so that
/// both run the same update code.
/// </summary>
internal interface IStoreMode
{
    /// <summary>True when the pass writes p, m, v (and v_max).</summary>
    static abstract bool Enabled { get; }
}
