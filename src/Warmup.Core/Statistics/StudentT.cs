namespace Warmup.Core.Statistics;

/// <summary>Student's t distribution with any real degrees of freedom &gt; 0 (Welch's are not integers).</summary>
public static class StudentT
{
    /// <summary>P(T &lt;= t) for T with <paramref name="df"/> degrees of freedom.</summary>
    /// <param name="t">The value.</param>
    /// <param name="df">Degrees of freedom, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">df is not &gt; 0, or t is NaN.</exception>
    public static double Cdf(double t, double df)
    {
        Check(df);
        if (double.IsNaN(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "t must be a number.");
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        // P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2).
        double tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(df / (df + (t * t)), df / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>The <paramref name="p"/>-quantile: the t with P(T &lt;= t) = p.</summary>
    /// <param name="p">A probability in (0, 1).</param>
    /// <param name="df">Degrees of freedom, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is not in (0, 1) or df is not &gt; 0.</exception>
    public static double Quantile(double p, double df)
    {
        Check(df);
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1).");
        }

        if (p == 0.5)
        {
            return 0;
        }

        if (p < 0.5)
        {
            return -Quantile(1 - p, df);
        }

        // Bracket, then bisect on the monotone CDF to the last bit the tail allows.
        double lo = 0, hi = 1;
        while (Cdf(hi, df) < p)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e300)
            {
                return double.PositiveInfinity;
            }
        }

        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.Max(1, hi); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Cdf(mid, df) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    private static void Check(double df)
    {
        if (!(df > 0) || double.IsInfinity(df))
        {
            throw new ArgumentOutOfRangeException(nameof(df), df, "The degrees of freedom must be finite and > 0.");
        }
    }
}
