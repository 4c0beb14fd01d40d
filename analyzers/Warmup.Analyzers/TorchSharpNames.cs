namespace Warmup.Analyzers;

/// <summary>Names of the TorchSharp symbols the rules look for.</summary>
internal static class TorchSharpNames
{
    /// <summary>The simple name of the TorchSharp assembly.</summary>
    public const string Assembly = "TorchSharp";

    /// <summary>The metadata name of TorchSharp's Scalar class.</summary>
    public const string Scalar = "TorchSharp.Scalar";
}
