using Microsoft.CodeAnalysis;
using Warmup.Analyzers.Tests.Support;

namespace Warmup.Analyzers.Tests;

/// <summary>
/// The WU0002 list (HiddenScalarMembers.tsv) against the real TorchSharp assembly: every entry must name a member that
/// exists, so a TorchSharp upgrade that renames or removes one fails here.
/// </summary>
public class HiddenScalarMembersTests
{
    [Fact]
    public void EveryEntryResolvesToAPublicTorchSharpMember()
    {
        var compilation = AnalyzerHarness.Compile([]);
        var unresolved = new List<string>();
        foreach (var entry in HiddenScalarMembers.All)
        {
            var symbols = DocumentationCommentId.GetSymbolsForDeclarationId(entry.DocumentationId, compilation);
            if (symbols.IsEmpty || !symbols.All(s => s.ContainingAssembly.Name == "TorchSharp" && IsPublic(s)))
            {
                unresolved.Add(entry.DocumentationId);
            }
        }

        Assert.True(unresolved.Count == 0, $"{unresolved.Count} entries do not resolve in TorchSharp:\n" + string.Join("\n", unresolved));
    }

    [Fact]
    public void TorchSharpIsTheVersionTheListWasDerivedFrom()
    {
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version;
        Assert.True(
            version == new Version(0, 107, 0, 0),
            $"TorchSharp is {version}; HiddenScalarMembers.tsv was derived from 0.107.0's source: derive it again, then update this test.");
    }

    [Fact]
    public void EveryEntryHasAnAlternativeAndIdsAreUnique()
    {
        Assert.Equal(352, HiddenScalarMembers.All.Count);
        Assert.Equal(HiddenScalarMembers.All.Count, HiddenScalarMembers.All.Select(e => e.DocumentationId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(HiddenScalarMembers.All, e => Assert.False(string.IsNullOrWhiteSpace(e.Alternative), e.DocumentationId));
    }

    [Theory]
    [InlineData("M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor)", "Tensor.add_(Tensor target, Scalar alpha)")]
    [InlineData("M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor)", "Tensor.add(Tensor target, Scalar alpha)")]
    [InlineData("M:TorchSharp.torch.Tensor.add_(TorchSharp.Scalar)", "Tensor.add_(Scalar scalar, Scalar alpha)")]
    [InlineData("M:TorchSharp.torch.Tensor.addcdiv_(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", "Tensor.addcdiv_(Tensor tensor1, Tensor tensor2, Scalar value)")]
    [InlineData("M:TorchSharp.torch.Tensor.op_Addition(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", "Tensor.add(Tensor target, Scalar alpha)")]
    [InlineData("M:TorchSharp.torch.add_(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", "Tensor.add_(Tensor target, Scalar alpha)")]
    public void TheKnownHiddenScalarsAreListedWithTheirSafeOverload(string id, string overload)
    {
        var alternative = HiddenScalarMembers.FindAlternative(id);
        Assert.NotNull(alternative);
        Assert.StartsWith("use " + overload + " with held Scalars", alternative, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor,TorchSharp.Scalar)")]
    [InlineData("M:TorchSharp.torch.Tensor.mul_(TorchSharp.Scalar)")]
    [InlineData("M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)")]
    public void OverloadsThatTakeEveryScalarFromTheCallerAreNotListed(string id) =>
        Assert.Null(HiddenScalarMembers.FindAlternative(id));

    private static bool IsPublic(ISymbol symbol)
    {
        for (var s = symbol; s is not null and not INamespaceSymbol; s = s.ContainingSymbol)
        {
            if (s.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
