using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Warmup.Analyzers;

/// <summary>
/// WU0002: reports a call (method, constructor, operator, conversion or property) to a TorchSharp member that creates a
/// Scalar internally which the caller can never hold; the members are listed in <see cref="HiddenScalarMembers"/>.
/// A virtual call is matched against the override in the receiver's static type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HiddenScalarCallAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat MemberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeContainingType,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(ScalarRules.HiddenScalar);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(TorchSharpNames.Scalar) is null)
            {
                return;
            }

            start.RegisterOperationAction(
                Analyze,
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.BinaryOperator,
                OperationKind.UnaryOperator,
                OperationKind.CompoundAssignment,
                OperationKind.Conversion,
                OperationKind.PropertyReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        var (member, instance) = operation switch
        {
            IInvocationOperation invocation => ((ISymbol?)invocation.TargetMethod, invocation.Instance),
            IObjectCreationOperation creation => (creation.Constructor, null),
            IBinaryOperation binary => (binary.OperatorMethod, null),
            IUnaryOperation unary => (unary.OperatorMethod, null),
            ICompoundAssignmentOperation compound => (compound.OperatorMethod, null),
            IConversionOperation conversion => (conversion.OperatorMethod, null),
            IPropertyReferenceOperation property => (property.Property, property.Instance),
            _ => ((ISymbol?)null, (IOperation?)null),
        };
        if (member?.ContainingAssembly?.Name != TorchSharpNames.Assembly)
        {
            return;
        }

        var listed = Find(member, instance);
        if (listed is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            ScalarRules.HiddenScalar,
            DiagnosticLocation.Of(operation),
            listed.Value.Member.ToDisplayString(MemberFormat),
            listed.Value.Alternative));
    }

    private static (ISymbol Member, string Alternative)? Find(ISymbol member, IOperation? instance)
    {
        var original = member.OriginalDefinition;
        if (Alternative(original) is { } alternative)
        {
            return (original, alternative);
        }

        // C# binds a call to an override to the method it overrides (adam.step() to Optimizer's step): look for the
        // override in the receiver's static type, which is what runs unless the object is of a further derived type.
        if (!(member.IsVirtual || member.IsAbstract || member.IsOverride) || instance?.Type is not INamedTypeSymbol receiver)
        {
            return null;
        }

        for (var type = receiver; type is not null; type = type.BaseType)
        {
            foreach (var candidate in type.GetMembers(member.Name))
            {
                if (Overrides(candidate, original))
                {
                    var overrider = candidate.OriginalDefinition;
                    return Alternative(overrider) is { } found ? (overrider, found) : null;
                }
            }
        }

        return null;
    }

    private static string? Alternative(ISymbol member) =>
        member.GetDocumentationCommentId() is { } id ? HiddenScalarMembers.FindAlternative(id) : null;

    private static bool Overrides(ISymbol candidate, ISymbol original)
    {
        for (var overridden = OverriddenOf(candidate); overridden is not null; overridden = OverriddenOf(overridden))
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, original))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? OverriddenOf(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
