using System.Diagnostics.CodeAnalysis;

// Public API design rules of Microsoft.CodeAnalysis.PublicApiAnalyzers, suppressed member by member for the API as it
// stood when it was first tracked (see DEVELOPERS.md, "Public API"). New members are checked as usual.

// RS0026 (several overloads with optional parameters): the optimizers' constructors differ in the type of their
// required first parameter (parameters, named parameters, groups) and the schedulers' in their second (kind,
// schedule), so no call is ambiguous. Adding an optional parameter later means a new overload that keeps the old one.
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{TorchSharp.Modules.Parameter},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{System.ValueTuple{System.String,TorchSharp.Modules.Parameter}},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{Warmup.Torch.Optim.AdaptiveParamGroup{Warmup.Torch.Optim.AdamOptions}},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.AdamW.#ctor(System.Collections.Generic.IEnumerable{TorchSharp.Modules.Parameter},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.AdamW.#ctor(System.Collections.Generic.IEnumerable{System.ValueTuple{System.String,TorchSharp.Modules.Parameter}},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.AdamW.#ctor(System.Collections.Generic.IEnumerable{Warmup.Torch.Optim.AdaptiveParamGroup{Warmup.Torch.Optim.AdamOptions}},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.RAdam.#ctor(System.Collections.Generic.IEnumerable{TorchSharp.Modules.Parameter},Warmup.Torch.Optim.RAdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.RAdam.#ctor(System.Collections.Generic.IEnumerable{System.ValueTuple{System.String,TorchSharp.Modules.Parameter}},Warmup.Torch.Optim.RAdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Optim.RAdam.#ctor(System.Collections.Generic.IEnumerable{Warmup.Torch.Optim.AdaptiveParamGroup{Warmup.Torch.Optim.RAdamOptions}},Warmup.Torch.Optim.RAdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Schedules.WarmupLR.#ctor(TorchSharp.torch.optim.Optimizer,Warmup.Core.Schedules.WarmupKind,System.Nullable{System.Double},Warmup.Core.Schedules.RAdamEarlySteps,System.Int32)")]
[assembly: SuppressMessage("ApiDesign", "RS0026", Justification = "Overloads differ in a required parameter's type.", Scope = "member", Target = "~M:Warmup.Torch.Schedules.WarmupLR.#ctor(TorchSharp.torch.optim.Optimizer,Warmup.Core.Schedules.WarmupSchedule,System.Int32)")]

// RS0022 (a public constructor makes the non-inheritable AdaptiveOptimizer inheritable): Adam is unsealed so that
// AdamW can derive from it, and its public constructors let other assemblies derive too. AdaptiveOptimizer's members
// for derived classes are private protected (invisible outside this assembly); the only protected one is its override
// of TorchSharp's Optimizer.Dispose(bool), which any TorchSharp optimizer exposes already. A protected member added to
// AdaptiveOptimizer or Adam would be public API through these constructors.
[assembly: SuppressMessage("ApiDesign", "RS0022", Justification = "AdaptiveOptimizer exposes no protected members of its own.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{TorchSharp.Modules.Parameter},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0022", Justification = "AdaptiveOptimizer exposes no protected members of its own.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{System.ValueTuple{System.String,TorchSharp.Modules.Parameter}},Warmup.Torch.Optim.AdamOptions)")]
[assembly: SuppressMessage("ApiDesign", "RS0022", Justification = "AdaptiveOptimizer exposes no protected members of its own.", Scope = "member", Target = "~M:Warmup.Torch.Optim.Adam.#ctor(System.Collections.Generic.IEnumerable{Warmup.Torch.Optim.AdaptiveParamGroup{Warmup.Torch.Optim.AdamOptions}},Warmup.Torch.Optim.AdamOptions)")]
