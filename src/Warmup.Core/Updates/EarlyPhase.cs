namespace Warmup.Core.Updates;

/// <summary>What RAdam does at steps where rho_t is not above the rectification threshold.</summary>
public enum EarlyPhase
{
    /// <summary>
    /// The paper (Liu et al. Algorithm 2, line 14): the un-adapted momentum step <c>theta -= lr * m_hat</c>.
    /// Also what PyTorch, optax and TF-Addons do. The default.
    /// </summary>
    Momentum,

    /// <summary>
    /// No parameter update (moments still accumulate; decoupled weight decay is skipped too): what the authors'
    /// official implementation does by default today (<c>degenerated_to_sgd=False</c>).
    /// </summary>
    Skip,
}
