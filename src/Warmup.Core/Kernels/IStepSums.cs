namespace Warmup.Core.Kernels;

/// <summary>
/// Whether a pass reduces <see cref="Updates.TensorStatistics"/> and, if so, its running sums: a type parameter, so
/// that a pass without statistics compiles to the loop it had before (<see cref="NoSums{TLane}"/>).
/// </summary>
/// <typeparam name="TLane">The lane type.</typeparam>
internal interface IStepSums<TLane>
    where TLane : struct, ILane<TLane>
{
    /// <summary>True when the pass reduces.</summary>
    static abstract bool Enabled { get; }

    /// <summary>
    /// Adds one lane: <paramref name="direction"/> the applied direction before the step size, <paramref name="ratio"/>
    /// the signed gradient over <c>sqrt(v_hat) + eps</c>, <paramref name="p"/> the parameter before the step,
    /// <paramref name="g"/> the signed gradient, <paramref name="v"/> the second moment the step divides by.
    /// </summary>
    void Add(TLane direction, TLane ratio, TLane p, TLane g, TLane v, in AdamLaneScalars<TLane> k);

    /// <summary>The sums over the lane's elements, in float64.</summary>
    KernelSums Total();
}
