namespace Warmup.Core.Maths;

/// <summary>
/// The variance-rectification maths of RAdam (Liu et al., ICLR 2020, Section 4 and Algorithm 2),
/// shared by the RAdam optimizer, the RAdam-shaped warmup schedule and the analyses.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description><c>rho_inf = 2 / (1 - beta2) - 1</c>: the length of the simple moving average that the
/// exponential moving average of the squared gradients approximates as t goes to infinity (Algorithm 2, line 2).</description></item>
/// <item><description><c>rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)</c>: its length at step t (line 8;
/// Ma and Yarats Eq. 7).</description></item>
/// <item><description><c>r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))</c>: the
/// rectification term (line 11; Ma and Yarats Eq. 8, where it is the warmup factor omega_t).</description></item>
/// </list>
/// The variance of the adaptive learning rate is finite only for rho &gt; 4 (Liu et al. Eq. 3), which is the
/// paper's threshold. Every common implementation (PyTorch, optax, TF-Addons, the authors' own code) uses 5;
/// see <see cref="PaperThreshold"/> and <see cref="CommonThreshold"/>.
/// </remarks>
public static class Rectification
{
    /// <summary>The paper's threshold: rectify when rho_t &gt; 4 (Liu et al. Algorithm 2, line 9).</summary>
    public const double PaperThreshold = 4.0;

    /// <summary>The threshold of PyTorch, optax and TF-Addons: rectification starts one step later, at rho_t &gt; 5.</summary>
    public const double CommonThreshold = 5.0;

    /// <summary>rho_inf = 2 / (1 - beta2) - 1. Requires 0 &lt;= beta2 &lt; 1.</summary>
    /// <param name="beta2">Second-moment decay rate.</param>
    public static double RhoInfinity(double beta2)
    {
        CheckBeta2(beta2);
        return (2.0 / (1.0 - beta2)) - 1.0;
    }

    /// <summary>Steps up to which <see cref="Rho"/> uses the cancellation-free sum.</summary>
    public const int StableSumSteps = 64;

    /// <summary>
    /// rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t) for a 1-based step t, accurate to a few ulps for every beta2.
    /// </summary>
    /// <remarks>
    /// As beta2 approaches 1, rho_t tends to t while both terms of the formula grow like 2 / (1 - beta2): the
    /// subtraction loses everything (at beta2 = 1 - 1e-6 it puts rho_4 above 4, when it is 4 - 2.5e-6). For
    /// t &lt;= <see cref="StableSumSteps"/> this uses the equivalent form with positive terms only,
    /// rho_t = 2 A / S_t - 1 with S_j = sum over i &lt; j of beta2^i and A = sum over k &lt; t of beta2^k S_(t-k)
    /// (obtained by dividing numerator and denominator of the formula by 1 - beta2). Beyond, the formula is used with
    /// 1 - beta2^t from expm1; what cancellation remains costs about 1 / (t (1 - beta2)) ulps, at most 2e-14 relative
    /// for 1 - beta2 &gt;= 1e-6.
    /// </remarks>
    /// <param name="t">1-based step.</param>
    /// <param name="beta2">Second-moment decay rate in [0, 1).</param>
    public static double Rho(long t, double beta2)
    {
        if (t < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The step t is 1-based and must be at least 1.");
        }

        CheckBeta2(beta2);
        if (t <= StableSumSteps)
        {
            return StableRho((int)t, beta2);
        }

        // 1 - beta2^t = -expm1(t log beta2) keeps its digits when beta2^t is near 1.
        double rhoInf = RhoInfinity(beta2);
        double oneMinusPow = -Numerics.ExpM1(t * Math.Log(beta2));
        return rhoInf - (2.0 * t * (1.0 - oneMinusPow) / oneMinusPow);
    }

    /// <summary>
    /// The rectification term r(rho, rho_inf). Defined for rho &gt; 4 and rho_inf &gt; 4; outside that domain
    /// the variance it rectifies is infinite and the result is NaN.
    /// </summary>
    /// <param name="rho">rho_t.</param>
    /// <param name="rhoInfinity">rho_inf.</param>
    public static double Term(double rho, double rhoInfinity)
    {
        if (!(rho > PaperThreshold) || !(rhoInfinity > PaperThreshold))
        {
            return double.NaN;
        }

        return Math.Sqrt((rho - 4.0) * (rho - 2.0) * rhoInfinity / ((rhoInfinity - 4.0) * (rhoInfinity - 2.0) * rho));
    }

    /// <summary>The rectification term r_t at a 1-based step t; NaN where rho_t &lt;= 4.</summary>
    /// <param name="t">1-based step.</param>
    /// <param name="beta2">Second-moment decay rate in [0, 1).</param>
    public static double Term(long t, double beta2) => Term(Rho(t, beta2), RhoInfinity(beta2));

    /// <summary>True when some step has rho_t &gt; <paramref name="threshold"/>, i.e. rho_inf &gt; threshold.</summary>
    /// <param name="threshold">The rectification threshold.</param>
    /// <param name="beta2">Second-moment decay rate in [0, 1).</param>
    public static bool CanReach(double threshold, double beta2) => RhoInfinity(beta2) > threshold;

    /// <summary>
    /// The first 1-based step t with rho_t &gt; <paramref name="threshold"/>, or null when rho_inf &lt;= threshold
    /// (the threshold is never reached). For threshold 4 and 0.8 &lt;= beta2 &lt; 1 this is 5 (Ma and Yarats, Fact 3.1).
    /// </summary>
    /// <param name="threshold">The rectification threshold.</param>
    /// <param name="beta2">Second-moment decay rate in [0, 1).</param>
    public static long? FirstStepAbove(double threshold, double beta2)
    {
        if (!CanReach(threshold, beta2))
        {
            return null;
        }

        // rho_t increases with t towards rho_inf: bracket by doubling, then bisect.
        long lo = 0;
        long hi = 1;
        while (!(Rho(hi, beta2) > threshold))
        {
            lo = hi;
            hi *= 2;
        }

        while (hi - lo > 1)
        {
            long mid = lo + ((hi - lo) / 2);
            if (Rho(mid, beta2) > threshold)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    private static double StableRho(int t, double beta)
    {
        Span<double> partial = stackalloc double[t + 1];
        double power = 1.0;
        partial[0] = 0.0;
        for (int j = 1; j <= t; j++)
        {
            partial[j] = partial[j - 1] + power;
            power *= beta;
        }

        double a = 0.0;
        power = 1.0;
        for (int k = 0; k < t; k++)
        {
            a += power * partial[t - k];
            power *= beta;
        }

        return (2.0 * a / partial[t]) - 1.0;
    }

    internal static void CheckBeta2(double beta2)
    {
        if (!MomentDecay.IsValid(beta2))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in {MomentDecay.Range}.");
        }
    }
}
