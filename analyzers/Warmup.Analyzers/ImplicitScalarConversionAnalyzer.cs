using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Warmup.Analyzers;

/// <summary>
/// WU0001: reports every implicit user-defined conversion to <c>TorchSharp.Scalar</c> (from double, float, int, long,
/// bool, Half, ...): in arguments, operator operands, assignments and initializers alike.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ImplicitScalarConversionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(ScalarRules.ImplicitConversion);

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

            start.RegisterOperationAction(c => Analyze(c, scalar), OperationKind.Conversion);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var conversion = (IConversionOperation)context.Operation;
        // A cast such as (Scalar)0.5 is an explicit creation: WU0003 checks that it is held.
        if (!conversion.IsImplicit
            || conversion.OperatorMethod is not { MethodKind: MethodKind.Conversion } method
            || !SymbolEqualityComparer.Default.Equals(method.ReturnType, scalar))
        {
            return;
        }

        var operand = conversion.Operand.Syntax;
        var text = operand.ToString();
        var simple = operand is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            || (operand is LiteralExpressionSyntax && !text.StartsWith("-", System.StringComparison.Ordinal));
        var suggestion = (simple ? text : "(" + text + ")") + ".ToScalar()";
        context.ReportDiagnostic(Diagnostic.Create(ScalarRules.ImplicitConversion, operand.GetLocation(), text, suggestion));
    }
}
