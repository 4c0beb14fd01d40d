namespace Warmup.Core.Kernels;

/// <summary>Whether a pass keeps AMSGrad's running maximum: a type parameter, so that each case compiles to a branch-free loop.</summary>
internal interface IMaxMode
{
    /// <summary>True with AMSGrad.</summary>
    static abstract bool Enabled { get; }
}
