namespace Warmup.Core.Maths;

/// <summary>
/// The one definition of a valid moment decay (Adam's beta1 and beta2): a number in [0, 1). 0 keeps no history
/// (RMSprop-free Adam: v = g^2); 1 would never forget and never leave the bias correction's 0 / 0. Every check of a
/// beta in the library and the command line uses this, so they accept and reject the same values with the same words.
/// </summary>
public static class MomentDecay
{
    /// <summary>The valid range, as messages print it.</summary>
    public const string Range = "[0, 1)";

    /// <summary>Whether <paramref name="beta"/> is in [0, 1) (false for NaN).</summary>
    /// <param name="beta">The decay.</param>
    public static bool IsValid(double beta) => beta is >= 0 and < 1;
}
