using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Warmup.Analyzers;

/// <summary>
/// WU0003: reports a Scalar created explicitly (a call returning a Scalar, such as <c>ToScalar()</c>, or a cast to
/// Scalar) that is not held for the whole native call: only a using variable, a field or property, or a return value
/// holds it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnheldScalarAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(ScalarRules.UnheldScalar);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName(TorchSharpNames.Scalar);
            if (scalar is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c => Analyze(c, scalar),
                OperationKind.Invocation,
                OperationKind.Conversion,
                OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var operation = context.Operation;
        if (!CreatesScalar(operation, scalar))
        {
            return;
        }

        var use = ScalarOwnership.Classify(operation);
        if (use == ScalarUse.Held)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            ScalarRules.UnheldScalar,
            DiagnosticLocation.Of(operation),
            operation.Syntax.ToString(),
            ScalarOwnership.Describe(use)));
    }

    private static bool CreatesScalar(IOperation operation, INamedTypeSymbol scalar) => operation switch
    {
        // A method that returns a Scalar hands it to its caller (ToScalar(), Tensor.ToScalar(), or the project's own).
        IInvocationOperation invocation => SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType, scalar),
        // Implicit conversions are WU0001; a cast (Scalar)x creates one explicitly.
        IConversionOperation conversion => !conversion.IsImplicit
            && conversion.OperatorMethod is { MethodKind: MethodKind.Conversion } method
            && SymbolEqualityComparer.Default.Equals(method.ReturnType, scalar),
        IObjectCreationOperation creation => SymbolEqualityComparer.Default.Equals(creation.Type, scalar),
        _ => false,
    };
}
