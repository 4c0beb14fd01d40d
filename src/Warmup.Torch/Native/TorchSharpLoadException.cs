namespace Warmup.Torch;

/// <summary>
/// TorchSharp's native library cannot load on this host, for a reason Warmup can name (thrown by Warmup's first call,
/// before TorchSharp's own, less helpful failure).
/// </summary>
public sealed class TorchSharpLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchSharpLoadException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What cannot load, why, and what to do.</param>
    public TorchSharpLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What cannot load, why, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public TorchSharpLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
