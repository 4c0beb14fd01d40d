namespace Warmup.Core.Kernels;

/// <summary>
/// The arithmetic of one step of a kernel's loop: one float (<see cref="ScalarLane"/>, the tail) or one
/// <see cref="System.Numerics.Vector{T}"/> of them (<see cref="VectorLane"/>, the body). An update written once over
/// <typeparamref name="TSelf"/> runs in both, with the same IEEE operations per element, so body and tail agree bit
/// for bit.
/// </summary>
/// <typeparam name="TSelf">The lane type.</typeparam>
internal interface ILane<TSelf>
    where TSelf : struct, ILane<TSelf>
{
    /// <summary>Elements per lane.</summary>
    static abstract int Count { get; }

    /// <summary>The lane starting at <paramref name="index"/>.</summary>
    static abstract TSelf Load(ref float source, nuint index);

    /// <summary>Writes the lane starting at <paramref name="index"/>.</summary>
    static abstract void Store(TSelf value, ref float destination, nuint index);

    /// <summary><paramref name="value"/> in every element.</summary>
    static abstract TSelf Of(float value);

    /// <summary>The IEEE square root of each element.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>IEEE 754:2019 maximum of each element (NaN-propagating, +0 above -0), like <c>torch.maximum</c>.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>The sum of the elements (in an order fixed by the lane type).</summary>
    static abstract float Sum(TSelf x);

    /// <summary>Element-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Element-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Element-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Element-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);
}
