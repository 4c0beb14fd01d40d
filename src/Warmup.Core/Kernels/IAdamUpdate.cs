namespace Warmup.Core.Kernels;

/// <summary>
/// One kind of Adam-family step (<see cref="Updates.StepKind"/>) on the lane of elements at one index, written once
/// for the SIMD body and the scalar tail; <see cref="AdamKernel"/>'s single driver loop runs it over the arrays.
/// </summary>
internal interface IAdamUpdate
{
    /// <summary>Updates the elements at <paramref name="index"/> .. <paramref name="index"/> + TLane.Count - 1.</summary>
    /// <remarks>
    /// With <typeparamref name="TSums"/> enabled, also adds the lane's statistics to <paramref name="sums"/>; with
    /// <see cref="Preview"/> as <typeparamref name="TStore"/>, computes everything and stores nothing.
    /// </remarks>
    static abstract void Apply<TLane, TMax, TStore, TSums>(AdamStreams s, nuint index, in AdamLaneScalars<TLane> k, ref TSums sums)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
        where TStore : struct, IStoreMode
        where TSums : struct, IStepSums<TLane>;
}
