using Warmup.Build;

namespace Warmup.Torch;

/// <summary>
/// Checks, before anything touches TorchSharp, the one known reason TorchSharp 0.107 cannot load on Linux: its native
/// library requires <c>GLIBCXX_3.4.32</c>, which Debian 12 and Ubuntu 22.04 lack, and the build step that marks that
/// requirement weak did not run for this output. TorchSharp's own failure in that case blames a missing libtorch
/// package and aborts the process.
/// </summary>
/// <remarks>
/// The Warmup.Torch package calls <see cref="EnsureLoadable"/> from a module initializer it adds to the application
/// (so it runs before <c>Main</c>; opt out with <c>WarmupTorchSharpLoadCheck</c> = false), and Warmup's optimizers call
/// it when created. Checked once per process; nothing is checked on other operating systems.
/// </remarks>
public static class TorchSharpRuntime
{
    private const string Library = "libLibTorchSharp.so";
    private static readonly Lazy<string?> Problem = new(Diagnose);

    /// <summary>Throws <see cref="TorchSharpLoadException"/> when TorchSharp's native library cannot load for a known reason.</summary>
    /// <exception cref="TorchSharpLoadException">The reason, the files involved and what to do.</exception>
    public static void EnsureLoadable()
    {
        if (Problem.Value is { } message)
        {
            throw new TorchSharpLoadException(message);
        }
    }

    /// <summary>The problem with TorchSharp's native library at <paramref name="library"/> on a host whose libstdc++ is <paramref name="hostLibStdCxx"/>, or null.</summary>
    /// <param name="library">A libLibTorchSharp.so.</param>
    /// <param name="hostLibStdCxx">The libstdc++.so.6 the loader would use, or null when none was found.</param>
    internal static string? Diagnose(string library, string? hostLibStdCxx)
    {
        if (hostLibStdCxx is null)
        {
            return null;
        }

        var requirement = ElfVersionPatch.ReadRequirements(File.ReadAllBytes(library), library)
            .Where(r => r.Version == ElfVersionPatch.RequiredVersion)
            .Select(r => (ElfVersionPatch.Requirement?)r)
            .FirstOrDefault();
        if (requirement is not { IsWeak: false })
        {
            return null;
        }

        var definitions = ElfVersionPatch.ReadDefinitions(File.ReadAllBytes(hostLibStdCxx), hostLibStdCxx);
        if (definitions.Contains(ElfVersionPatch.RequiredVersion))
        {
            return null;
        }

        string newest = definitions
            .Where(d => d.StartsWith("GLIBCXX_", StringComparison.Ordinal))
            .OrderBy(d => Version.TryParse(d["GLIBCXX_".Length..], out var v) ? v : new Version(0, 0))
            .LastOrDefault() ?? "no GLIBCXX version";
        return $"TorchSharp cannot load on this host: {library} requires {ElfVersionPatch.RequiredVersion} from libstdc++.so.6, " +
            $"and this host's {hostLibStdCxx} provides versions up to {newest} (Debian 12 and Ubuntu 22.04 ship GCC 12's). " +
            "TorchSharp never calls the one symbol bound to that version, and the Warmup.Torch package marks the requirement weak " +
            "in the application's build and publish outputs, but that step did not change this file: it is skipped when the " +
            "project sets WarmupPatchTorchSharpNative to false, leaves the file as it is when the machine that built it had the " +
            "version (building elsewhere for this host), and does not see files copied in after the build or bundled into a " +
            "single-file publish. Rebuild or " +
            "republish the application with the Warmup.Torch package referenced, or install a libstdc++ from GCC 13 or later.";
    }

    private static string? Diagnose()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string? library = new[]
        {
            Path.Combine(AppContext.BaseDirectory, Library),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library),
        }.FirstOrDefault(File.Exists);
        if (library is null)
        {
            return null; // TorchSharp reports a missing library itself
        }

        try
        {
            return Diagnose(library, ElfVersionPatch.FindHostLibStdCxx());
        }
#pragma warning disable CA1031 // A check that cannot run must never stop an application TorchSharp could run.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
