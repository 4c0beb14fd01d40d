using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Warmup.Analyzers;

/// <summary>Where a diagnostic on an operation is shown: the member name or operator, not the whole call chain.</summary>
internal static class DiagnosticLocation
{
    /// <summary>The location for a diagnostic on <paramref name="operation"/>.</summary>
    public static Location Of(IOperation operation)
    {
        var syntax = operation.Syntax;
        return syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call => From(access.Name, call),
            InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } call => From(binding.Name, call),
            MemberAccessExpressionSyntax access => access.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            BinaryExpressionSyntax binary => binary.OperatorToken.GetLocation(),
            AssignmentExpressionSyntax assignment => assignment.OperatorToken.GetLocation(),
            PrefixUnaryExpressionSyntax unary => unary.OperatorToken.GetLocation(),
            PostfixUnaryExpressionSyntax unary => unary.OperatorToken.GetLocation(),
            _ => syntax.GetLocation(),
        };
    }

    private static Location From(SyntaxNode start, SyntaxNode whole) =>
        Location.Create(whole.SyntaxTree, TextSpan.FromBounds(start.SpanStart, whole.Span.End));
}
