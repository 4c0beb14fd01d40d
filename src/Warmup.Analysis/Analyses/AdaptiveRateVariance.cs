using MathNet.Numerics;

namespace Warmup.Analysis.Analyses;

/// <summary>
/// The variance of the adaptive learning rate psi = sqrt(x), x ~ Scale-inv-chi^2(rho, tau^2) (Liu et al., Section 3.2),
/// with tau = 1: exactly (Eq. 4) and to first order (Eq. 6).
/// </summary>
/// <remarks>
/// Eq. 4 writes Var = rho/(rho - 2) - rho 2^(2 rho - 5) / pi * B((rho - 1)/2, (rho - 1)/2)^2; by Legendre's duplication
/// formula the second term is E[sqrt x]^2 = (rho/2) (Gamma((rho - 1)/2) / Gamma(rho/2))^2, which is computed here from
/// log-gamma differences (no huge powers, no overflow; Eq. 3 as printed has Gamma(rho/2 - 1), a typo: the density
/// and Eq. 4 give Gamma((rho - 1)/2)). The result is a small difference of two numbers near 1, accurate to about
/// 1e-13 absolute for rho &lt;= 500.
/// </remarks>
public static class AdaptiveRateVariance
{
    /// <summary>Eq. 4: Var[psi] for rho &gt; 2 (tau = 1).</summary>
    /// <param name="rho">Degrees of freedom.</param>
    public static double Exact(double rho)
    {
        if (!(rho > 2))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "Var[psi] is finite only for rho > 2.");
        }

        double logRatio = SpecialFunctions.GammaLn((rho - 1) / 2) - SpecialFunctions.GammaLn(rho / 2);
        return (rho / (rho - 2)) - ((rho / 2) * Math.Exp(2 * logRatio));
    }

    /// <summary>Eq. 4 in its printed Beta-function form, via log-Beta (for comparison; same value).</summary>
    /// <param name="rho">Degrees of freedom, &gt; 2.</param>
    public static double ExactBetaForm(double rho)
    {
        double a = (rho - 1) / 2;
        double logTerm = Math.Log(rho) + (((2 * rho) - 5) * Math.Log(2)) - Math.Log(Math.PI) + (2 * SpecialFunctions.BetaLn(a, a));
        return (rho / (rho - 2)) - Math.Exp(logTerm);
    }

    /// <summary>Eq. 6: the first-order approximation rho / (2 (rho - 2)(rho - 4)), for rho &gt; 4.</summary>
    /// <param name="rho">Degrees of freedom.</param>
    public static double FirstOrder(double rho)
    {
        if (!(rho > 4))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "The first-order approximation needs rho > 4.");
        }

        return rho / (2 * (rho - 2) * (rho - 4));
    }
}
