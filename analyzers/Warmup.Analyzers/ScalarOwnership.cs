using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Warmup.Analyzers;

/// <summary>Decides whether a newly created Scalar is held for the whole native call that uses it.</summary>
internal static class ScalarOwnership
{
    /// <summary>Classifies what the code does with the Scalar that <paramref name="creation"/> produces.</summary>
    public static ScalarUse Classify(IOperation creation)
    {
        var current = creation;
        while (true)
        {
            var parent = current.Parent;
            switch (parent)
            {
                // The same value, passed on: look at what is done with the enclosing expression.
                case IParenthesizedOperation:
                case IConversionOperation { OperatorMethod: null }:
                case IConditionalOperation conditional when conditional.Condition != current:
                case ICoalesceOperation:
                case ISwitchExpressionArmOperation arm when arm.Value == current:
                case ISwitchExpressionOperation switchExpression when switchExpression.Value != current:
                    current = parent;
                    continue;
                case IVariableInitializerOperation initializer:
                    // initializer -> declarator -> declaration -> declaration group -> using
                    return initializer.Parent?.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation
                        ? ScalarUse.Held
                        : ScalarUse.PlainLocal;
                case IFieldInitializerOperation:
                case IPropertyInitializerOperation:
                case IReturnOperation:
                    return ScalarUse.Held;
                case IUsingOperation @using when @using.Resources == current:
                    return ScalarUse.Held;
                case IAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target switch
                    {
                        IFieldReferenceOperation or IPropertyReferenceOperation => ScalarUse.Held,
                        ILocalReferenceOperation or IParameterReferenceOperation => ScalarUse.PlainLocal,
                        _ => ScalarUse.Unheld,
                    };
                case IArgumentOperation:
                case IBinaryOperation:
                case IUnaryOperation:
                    return ScalarUse.Argument;
                case IMemberReferenceOperation member when member.Instance == current:
                case IInvocationOperation invocation when invocation.Instance == current:
                case IConditionalAccessOperation access when access.Operation == current:
                    return ScalarUse.Receiver;
                default:
                    return ScalarUse.Unheld;
            }
        }
    }

    /// <summary>The words WU0003 uses for <paramref name="use"/>.</summary>
    public static string Describe(ScalarUse use) => use switch
    {
        ScalarUse.Argument => "passed directly as an argument",
        ScalarUse.Receiver => "used directly as a receiver",
        ScalarUse.PlainLocal => "kept in a local that is not a using variable (in Release its lifetime ends at its last use)",
        _ => "not held by a using variable, a field or a return",
    };
}
