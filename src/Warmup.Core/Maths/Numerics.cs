namespace Warmup.Core.Maths;

/// <summary>Numerical helpers the BCL lacks or implements naively.</summary>
public static class Numerics
{
    /// <summary>
    /// exp(x) - 1, accurate to a few ulps also for tiny x, where exp(x) - 1 cancels (e.g. x = 1/tau for a long
    /// warmup). Kahan's method: with u = exp(x), (u - 1) * x / log(u) cancels the rounding error of u. Only for
    /// |x| &lt; 1/2: beyond, u - 1 does not cancel, and the correction's own rounding made 1 - exp(-t/tau) jitter by an
    /// ulp near 1 (not monotone in t, once above 1), where plain u - 1 follows exp monotonically.
    /// </summary>
    /// <param name="x">The argument.</param>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (!(Math.Abs(x) < 0.5))
        {
            return u - 1.0;
        }

        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
