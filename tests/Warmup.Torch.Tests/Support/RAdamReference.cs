namespace Warmup.Torch.Tests.Support;

/// <summary>
/// An independent, double-precision, element-by-element transcription of Liu et al. Algorithm 2, written from the
/// paper for these tests (it uses nothing of Warmup.Core):
/// <code>
/// v_t = b2 v + (1 - b2) g^2;  m_t = b1 m + (1 - b1) g;  m_hat = m_t / (1 - b1^t)
/// rho_inf = 2/(1 - b2) - 1;  rho_t = rho_inf - 2 t b2^t / (1 - b2^t)
/// rho_t &gt; threshold: v_hat = sqrt(v_t / (1 - b2^t)); r_t = sqrt((rho_t-4)(rho_t-2)rho_inf / ((rho_inf-4)(rho_inf-2)rho_t));
///                    theta -= lr r_t m_hat / (v_hat + eps)
/// otherwise:         theta -= lr m_hat   (or nothing, when skipping)
/// </code>
/// plus the two weight-decay forms: L2 (g += wd theta) and decoupled (theta *= 1 - lr wd before a moving step).
/// </summary>
internal sealed class RAdamReference
{
    private readonly double[] _m;
    private readonly double[] _v;

    public RAdamReference(double[] theta)
    {
        Theta = (double[])theta.Clone();
        _m = new double[theta.Length];
        _v = new double[theta.Length];
    }

    public double[] Theta { get; }

    public int T { get; private set; }

    /// <summary>Whether the last step was rectified (adaptive).</summary>
    public bool LastRectified { get; private set; }

    public void Step(double[] g, double lr, double b1, double b2, double eps, double wd, bool decoupled, double threshold, bool skipEarly)
    {
        T++;
        int t = T;
        double rhoInf = (2.0 / (1.0 - b2)) - 1.0;
        double b2t = Math.Pow(b2, t);
        double rhoT = rhoInf - (2.0 * t * b2t / (1.0 - b2t));
        LastRectified = rhoT > threshold;
        bool moves = LastRectified || !skipEarly;
        double r = LastRectified
            ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
            : 0.0;
        for (int i = 0; i < Theta.Length; i++)
        {
            double gi = g[i] + (decoupled ? 0.0 : wd * Theta[i]);
            _v[i] = (b2 * _v[i]) + ((1 - b2) * gi * gi);
            _m[i] = (b1 * _m[i]) + ((1 - b1) * gi);
            double mHat = _m[i] / (1 - Math.Pow(b1, t));
            if (!moves)
            {
                continue;
            }

            if (decoupled)
            {
                Theta[i] *= 1 - (lr * wd);
            }

            if (LastRectified)
            {
                double vHat = Math.Sqrt(_v[i] / (1 - b2t));
                Theta[i] -= lr * r * mHat / (vHat + eps);
            }
            else
            {
                Theta[i] -= lr * mHat;
            }
        }
    }
}
