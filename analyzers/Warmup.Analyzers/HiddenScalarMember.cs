namespace Warmup.Analyzers;

/// <summary>A TorchSharp member that creates a Scalar its caller cannot hold, and what to write instead.</summary>
public sealed class HiddenScalarMember
{
    /// <summary>Creates an entry.</summary>
    /// <param name="documentationId">The member's documentation comment id, e.g. <c>M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor)</c>.</param>
    /// <param name="alternative">What to write instead.</param>
    public HiddenScalarMember(string documentationId, string alternative)
    {
        DocumentationId = documentationId;
        Alternative = alternative;
    }

    /// <summary>The member's documentation comment id.</summary>
    public string DocumentationId { get; }

    /// <summary>What to write instead, as shown in the WU0002 message.</summary>
    public string Alternative { get; }
}
