namespace Warmup.Experiments.Methods;

/// <summary>The training methods compared by the experiments.</summary>
public enum MethodKind
{
    /// <summary>Adam without warmup ("Adam-vanilla" of Liu et al.).</summary>
    Adam,

    /// <summary>Adam with linear warmup over a given tau.</summary>
    AdamLinear,

    /// <summary>Adam with exponential warmup with a given tau.</summary>
    AdamExponential,

    /// <summary>Adam with untuned linear warmup, tau = 2 / (1 - beta2) (Ma and Yarats Eq. 14).</summary>
    UntunedLinear,

    /// <summary>Adam with untuned exponential warmup, tau = 1 / (1 - beta2) (Eq. 13).</summary>
    UntunedExponential,

    /// <summary>RAdam (Liu et al. Algorithm 2; threshold 4, momentum steps before rectification).</summary>
    RAdam,

    /// <summary>Adam with RAdam's fixed warmup factor r_t (Ma and Yarats Section 3.1).</summary>
    AdamRAdamWarmup,

    /// <summary>Adam-2k (Liu et al. Section 3.1): the first K iterations update only v.</summary>
    Adam2k,

    /// <summary>Adam-eps (Liu et al. Section 3.1): eps = 1e-4.</summary>
    AdamEps,

    /// <summary>SGD with heavy-ball momentum, as a baseline.</summary>
    Sgd,
}
