using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Support;

/// <summary>
/// Seeded parameters and gradients built from System.Random, identical for every optimizer under test. Every
/// temporary tensor lives in a dispose scope and every Scalar is held by <c>using</c> until the native call returns
/// (TorchSharp passes raw handles; a collected temporary would be freed mid-call).
/// </summary>
internal static class Params
{
    public static Parameter[] Create(int seed, ScalarType dtype, params long[][] shapes)
    {
        var rng = new Random(seed);
        return shapes.Select(s => new Parameter(Normal(rng, s, dtype))).ToArray();
    }

    public static Parameter[] Clone(IEnumerable<Parameter> ps) => ps.Select(Clone).ToArray();

    public static Parameter Clone(Parameter p)
    {
        using var scope = NewDisposeScope();
        var copy = new Parameter(p.detach().clone());
        copy.DetachFromDisposeScope();
        return copy;
    }

    /// <summary>Gives each parameter a fresh N(0, scale^2) gradient, the same for every list given the same rng state.</summary>
    public static void SetGradients(Random rng, double scale, params Parameter[][] lists)
    {
        int n = lists[0].Length;
        for (int i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            using var s = scale.ToScalar();
            var g = Normal(rng, lists[0][i].shape, lists[0][i].dtype).mul_(s);
            foreach (var list in lists)
            {
                var copy = g.clone();
                list[i].grad = copy;
                GC.KeepAlive(copy);
            }
        }
    }

    /// <summary>Sets p's gradient to what <paramref name="make"/> builds, holding every temporary until the setter returns.</summary>
    public static void Grad(Parameter p, Func<Tensor> make)
    {
        using var scope = NewDisposeScope();
        var g = make();
        p.grad = g;
        GC.KeepAlive(g);
    }

    /// <summary>A tensor of <paramref name="shape"/> filled with <paramref name="value"/> (the Scalar held for the call).</summary>
    public static Tensor Full(long[] shape, double value, ScalarType dtype)
    {
        using var s = value.ToScalar();
        return full(shape, s, dtype: dtype);
    }

    public static Tensor Normal(Random rng, long[] shape, ScalarType dtype)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++)
        {
            // Box-Muller, so the values depend only on the seed.
            double u1 = 1.0 - rng.NextDouble();
            double u2 = rng.NextDouble();
            data[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        using var scope = NewDisposeScope();
        var t = tensor(data, dtype: ScalarType.Float64).reshape(shape).to_type(dtype);
        return t.MoveToOuterDisposeScope();
    }

    public static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        var copy = t.detach().cpu().to_type(ScalarType.Float64).contiguous();
        var values = copy.data<double>().ToArray();
        GC.KeepAlive(copy);
        GC.KeepAlive(t);
        return values;
    }

    /// <summary>
    /// Largest norm-wise relative difference over the parameters: max_j |a_j - b_j| / max_j |a_j| per tensor.
    /// (Element-wise relative error is meaningless for elements near zero, whose absolute error is that of the
    /// update, not of the element.)
    /// </summary>
    public static double MaxRelativeDifference(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b)
    {
        double worst = 0;
        for (int i = 0; i < a.Count; i++)
        {
            var x = Values(a[i]);
            var y = Values(b[i]);
            Assert.Equal(x.Length, y.Length);
            double scale = 0;
            double diff = 0;
            for (int j = 0; j < x.Length; j++)
            {
                scale = Math.Max(scale, Math.Abs(x[j]));
                diff = Math.Max(diff, Math.Abs(x[j] - y[j]));
            }

            worst = Math.Max(worst, scale == 0 ? diff : diff / scale);
        }

        return worst;
    }

    public static bool BitIdentical(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.bytes.SequenceEqual(pair.Second.bytes));
}
