using System.Numerics;
using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary><see cref="Vector{T}.Count"/> floats: the lane of a kernel's SIMD body.</summary>
/// <param name="value">The elements.</param>
internal readonly struct VectorLane(Vector<float> value) : ILane<VectorLane>
{
    private readonly Vector<float> _value = value;

    public static int Count => Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Load(ref float source, nuint index) => new(Vector.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VectorLane value, ref float destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Of(float value) => new(new Vector<float>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Sqrt(VectorLane x) => new(Vector.SquareRoot(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane Max(VectorLane a, VectorLane b) => new(Vector.Max(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(VectorLane x) => Vector.Sum(x._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane operator +(VectorLane a, VectorLane b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane operator -(VectorLane a, VectorLane b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane operator *(VectorLane a, VectorLane b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane operator /(VectorLane a, VectorLane b) => new(a._value / b._value);
}
