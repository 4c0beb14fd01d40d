namespace Warmup.Core.Kernels;

/// <summary>A pass that reduces nothing.</summary>
/// <typeparam name="TLane">The lane type.</typeparam>
internal struct NoSums<TLane> : IStepSums<TLane>
    where TLane : struct, ILane<TLane>
{
    public static bool Enabled => false;

    public readonly void Add(TLane direction, TLane ratio, TLane p, TLane g, TLane v, in AdamLaneScalars<TLane> k)
    {
    }

    public readonly KernelSums Total() => default;
}
