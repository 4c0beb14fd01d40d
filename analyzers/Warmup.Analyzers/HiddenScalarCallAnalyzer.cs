using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Warmup.Analyzers;

/// <summary>
/// WU0002: reports a call (method, constructor, operator, conversion or property) to a TorchSharp member that creates a
/// Scalar internally which the caller can never hold; the members are listed in <see cref="HiddenScalarMembers"/>.
/// A virtual call is matched against the override in the receiver's type: its static type, or for a local the types of
/// the values the method assigns to it.
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
        // override in the type the receiver is known to have, which is what runs unless the object is of a further
        // derived type.
        if (!(member.IsVirtual || member.IsAbstract || member.IsOverride) || instance is null)
        {
            return null;
        }

        foreach (var receiver in ReceiverTypes(instance))
        {
            for (var type = receiver; type is not null; type = type.BaseType)
            {
                var overrider = type.GetMembers(member.Name).FirstOrDefault(candidate => Overrides(candidate, original));
                if (overrider is not null)
                {
                    if (Alternative(overrider.OriginalDefinition) is { } found)
                    {
                        return (overrider.OriginalDefinition, found);
                    }

                    break;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The types the receiver can have: for a local, the types of every value the method assigns to it
    /// (<c>Optimizer o = w ? optim.AdamW(ps) : optim.Adam(ps)</c> gives AdamW and Adam); otherwise its static type.
    /// </summary>
    private static List<INamedTypeSymbol> ReceiverTypes(IOperation instance)
    {
        var types = new List<INamedTypeSymbol>();
        if (instance is ILocalReferenceOperation local)
        {
            var root = instance;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            foreach (var operation in root.Descendants())
            {
                var value = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local) =>
                        declarator.Initializer?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local.Local) => assignment.Value,
                    _ => null,
                };
                if (value is not null)
                {
                    AddValueTypes(value, types);
                }
            }
        }

        if (types.Count == 0 && instance.Type is INamedTypeSymbol declared)
        {
            types.Add(declared);
        }

        return types;
    }

    private static void AddValueTypes(IOperation value, List<INamedTypeSymbol> types)
    {
        switch (value)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
                AddValueTypes(conversion.Operand, types);
                break;
            case IParenthesizedOperation parenthesized:
                AddValueTypes(parenthesized.Operand, types);
                break;
            case IConditionalOperation conditional:
                AddValueTypes(conditional.WhenTrue, types);
                if (conditional.WhenFalse is not null)
                {
                    AddValueTypes(conditional.WhenFalse, types);
                }

                break;
            case ICoalesceOperation coalesce:
                AddValueTypes(coalesce.Value, types);
                AddValueTypes(coalesce.WhenNull, types);
                break;
            default:
                if (value.Type is INamedTypeSymbol type)
                {
                    types.Add(type);
                }

                break;
        }
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
