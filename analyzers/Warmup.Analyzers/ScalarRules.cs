using Microsoft.CodeAnalysis;

namespace Warmup.Analyzers;

/// <summary>
/// The rules that keep a TorchSharp 0.107 <c>Scalar</c> alive for the whole native call that uses it. TorchSharp passes
/// <c>scalar.Handle</c> to libtorch without <c>GC.KeepAlive</c>, so a Scalar nothing references any more can be
/// finalized (its native c10::Scalar deleted) by a garbage collection on another thread while libtorch still reads it.
/// </summary>
public static class ScalarRules
{
    private const string Category = "Reliability";

    /// <summary>WU0001: a .NET value converted implicitly to <c>TorchSharp.Scalar</c> (a temporary nobody holds).</summary>
    public static readonly DiagnosticDescriptor ImplicitConversion = new(
        id: "WU0001",
        title: "Implicit conversion to a TorchSharp Scalar",
        messageFormat: "'{0}' is implicitly converted to a temporary TorchSharp Scalar that the GC may finalize during the native call: declare `using var s = {1};` (or keep it in a Scalar field) and pass s",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "TorchSharp 0.107 passes a Scalar's native handle to libtorch without keeping the Scalar alive. A .NET number "
            + "(double, float, int, long, bool, Half, ...) converted implicitly to Scalar becomes a temporary that nothing "
            + "references once its handle is read, so a garbage collection on another thread can run its finalizer and delete "
            + "the native c10::Scalar while libtorch still reads it (\"Exception raised from toFloat\", or wrong numbers). "
            + "Create the Scalar explicitly and hold it until the call returns: `using var alpha = 0.5.ToScalar(); "
            + "x.add_(y, alpha);`, or keep it in a field.");

    /// <summary>WU0002: a TorchSharp member that creates a Scalar internally, which its caller can never hold.</summary>
    public static readonly DiagnosticDescriptor HiddenScalar = new(
        id: "WU0002",
        title: "TorchSharp member creates a Scalar the caller cannot hold",
        messageFormat: "'{0}' makes TorchSharp create a Scalar that no caller can hold and the GC may finalize during the native call: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Some TorchSharp 0.107 members create a Scalar themselves and hand its handle to native code without "
            + "keeping it alive: Tensor.add_(Tensor) is add_(target, 1), Tensor.addcdiv_(t1, t2) is addcdiv_(t1, t2, 1), "
            + "and operator +(Tensor, Tensor) calls add(Tensor). The caller cannot hold that Scalar, so a garbage collection "
            + "on another thread can free it during the call. Call the overload that takes the Scalar and pass a held one "
            + "(`using var one = 1.ToScalar(); x.add_(y, one);`). The members are listed, with what to write instead, in "
            + "HiddenScalarMembers.tsv of Warmup.Analyzers, derived from TorchSharp 0.107.0's source.");

    /// <summary>WU0003: a Scalar created explicitly but not held for the whole native call.</summary>
    public static readonly DiagnosticDescriptor UnheldScalar = new(
        id: "WU0003",
        title: "TorchSharp Scalar not held for the whole native call",
        messageFormat: "The Scalar from '{0}' is {1}, so the GC may finalize it during the native call: declare it `using var s = ...;` (or keep it in a field) and pass s",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A TorchSharp Scalar created explicitly (ToScalar(), a cast to Scalar, or any method that returns a Scalar) must stay "
            + "referenced until the native call that uses it returns. In Release a local's lifetime ends at its last use, so "
            + "`var s = 0.5.ToScalar(); x.add_(y, s);` is as unsafe as `x.add_(y, 0.5.ToScalar())`. Allowed: the initializer "
            + "of a using declaration or using statement (disposed after the call), an assignment to a field or property, "
            + "or a return value (the caller then owns it).");
}
