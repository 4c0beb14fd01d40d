using System.Diagnostics;
using System.Reflection;
using Warmup.Build;

namespace Warmup.Torch.Tests.Build;

/// <summary>
/// The build step that makes TorchSharp load on hosts whose libstdc++ lacks GLIBCXX_3.4.32, tested on a pristine
/// copy of libLibTorchSharp.so from the NuGet cache, with binutils' readelf as an independent reader where present.
/// </summary>
public class ElfVersionPatchTests
{
    private static string PristineLibrary()
    {
        var root = typeof(ElfVersionPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"missing {path}");
        return path;
    }

    [Fact]
    public void ThePackageRequiresTheVersionStrongly()
    {
        var image = File.ReadAllBytes(PristineLibrary());
        var r = ElfVersionPatch.ReadRequirements(image, "pristine").Single(x => x.Version == ElfVersionPatch.RequiredVersion);
        Assert.Equal(ElfVersionPatch.LibStdCxx, r.File);
        Assert.False(r.IsWeak);
    }

    [Fact]
    public void PatchingMarksExactlyThatRequirementWeakAndIsIdempotent()
    {
        var original = File.ReadAllBytes(PristineLibrary());
        var image = (byte[])original.Clone();
        Assert.Equal(ElfVersionPatch.Outcome.Patched, ElfVersionPatch.Apply(image, "copy", hostHasVersion: false));

        var before = ElfVersionPatch.ReadRequirements(original, "original");
        var after = ElfVersionPatch.ReadRequirements(image, "copy");
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            bool target = before[i].Version == ElfVersionPatch.RequiredVersion;
            Assert.Equal(target, after[i].IsWeak);
            Assert.Equal(before[i].Flags | (target ? 2 : 0), after[i].Flags);
        }

        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToList();
        Assert.Single(changed);

        var again = (byte[])image.Clone();
        Assert.Equal(ElfVersionPatch.Outcome.AlreadyWeak, ElfVersionPatch.Apply(again, "copy", hostHasVersion: false));
        Assert.Equal(image, again);
    }

    [Fact]
    public void AHostThatHasTheVersionLeavesTheFileUntouched()
    {
        var original = File.ReadAllBytes(PristineLibrary());
        var image = (byte[])original.Clone();
        Assert.Equal(ElfVersionPatch.Outcome.HostHasVersion, ElfVersionPatch.Apply(image, "copy", hostHasVersion: true));
        Assert.Equal(original, image);
    }

    /// <summary>The copy next to this test assembly was produced by the build: weak exactly when this host needs it.</summary>
    [Fact]
    public void TheBuildOutputCopyMatchesWhatThisHostNeeds()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(output), $"missing {output}");
        var host = ElfVersionPatch.FindHostLibStdCxx();
        Assert.NotNull(host);
        bool hostHas = ElfVersionPatch.DefinesRequiredVersion(host);
        var r = ElfVersionPatch.ReadRequirements(File.ReadAllBytes(output), output).Single(x => x.Version == ElfVersionPatch.RequiredVersion);
        Assert.Equal(!hostHas, r.IsWeak);
        if (hostHas)
        {
            Assert.Equal(File.ReadAllBytes(PristineLibrary()), File.ReadAllBytes(output));
        }
    }

    [Fact]
    public void TheHostLibStdCxxIsFoundAndReadable()
    {
        var host = ElfVersionPatch.FindHostLibStdCxx();
        Assert.NotNull(host);
        var defined = ElfVersionPatch.ReadDefinitions(File.ReadAllBytes(host), host);
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    [Fact]
    public void ReadelfAgreesWhereInstalled()
    {
        var readelf = new[] { "/usr/bin/readelf", "/bin/readelf" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(readelf is null, "binutils' readelf is not installed");
        var dir = Directory.CreateTempSubdirectory("warmup-elf-");
        try
        {
            var copy = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            File.Copy(PristineLibrary(), copy);
            Assert.Equal(ElfVersionPatch.Outcome.Patched, ElfVersionPatch.ApplyToFile(copy, hostHasVersion: false));
            var psi = new ProcessStartInfo(readelf!, ["-V", copy]) { RedirectStandardOutput = true };
            using var process = Process.Start(psi)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var line = text.Split('\n').Single(l => l.Contains("Name: " + ElfVersionPatch.RequiredVersion, StringComparison.Ordinal));
            Assert.Contains("Flags: WEAK", line, StringComparison.Ordinal);
            Assert.DoesNotContain(text.Split('\n'), l => l.Contains("Name: GLIBCXX_3.4.30", StringComparison.Ordinal) && l.Contains("WEAK", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void NotAnElfFileIsAClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.ReadRequirements("#!/bin/sh\necho hi\n"u8.ToArray().Concat(new byte[64]).ToArray(), "script.sh"));
        Assert.Contains("script.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains("not an ELF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedElfFileIsAClearError()
    {
        var image = File.ReadAllBytes(PristineLibrary()).Take(4096).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.ReadRequirements(image, "truncated.so"));
        Assert.Contains("truncated.so", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }
}
