// Build-time fix for TorchSharp 0.107 on hosts whose libstdc++ predates GCC 13.
//
// libLibTorchSharp.so 0.107 lists GLIBCXX_3.4.32 among the versions it needs from libstdc++.so.6.
// Only one symbol (_ZSt21ios_base_library_initv) is bound to that version and TorchSharp never
// calls it, but the dynamic loader refuses to load a library whose needed version is missing
// (Debian 12 and Ubuntu 22.04 ship GLIBCXX_3.4.30). Setting VER_FLG_WEAK on that one Vernaux
// entry turns the hard requirement into a warning, and the library loads and runs.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the inline task used in
// build/TorchSharpNative.targets (in this repository, and as buildTransitive/net8.0/Warmup.Torch.targets in
// the Warmup.Torch package), and into Warmup.Torch itself (with WARMUP_ELF_NO_TASK defined, which
// leaves out the MSBuild task class) for its load check; the tests reach it there.
#nullable enable
#pragma warning disable IDE0005 // The inline task has no implicit usings; the test build does.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Warmup.Build;

/// <summary>Reads and edits the GNU symbol-versioning sections of 64-bit little-endian ELF files.</summary>
internal static class ElfVersionPatch
{
    /// <summary>The libstdc++ version that TorchSharp 0.107 requires and older hosts lack.</summary>
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    /// <summary>The soname whose version requirement is relaxed.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>One (file, version) requirement of an ELF file, with its flags and their file offset.</summary>
    public readonly struct Requirement
    {
        /// <summary>Creates a requirement record.</summary>
        public Requirement(string file, string version, ushort flags, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library's soname, e.g. libstdc++.so.6.</summary>
        public string File { get; }

        /// <summary>The needed version, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }

        /// <summary>vna_flags of the entry.</summary>
        public ushort Flags { get; }

        /// <summary>Offset of vna_flags in the file.</summary>
        public long FlagsOffset { get; }

        /// <summary>True when VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & VerFlgWeak) != 0;
    }

    /// <summary>What <see cref="Apply"/> did to a file.</summary>
    public enum Outcome
    {
        /// <summary>The host provides the version; the file was left as it was.</summary>
        HostHasVersion,

        /// <summary>The file does not require the version at all.</summary>
        NotRequired,

        /// <summary>The requirement was already weak.</summary>
        AlreadyWeak,

        /// <summary>The requirement was made weak.</summary>
        Patched,
    }

    /// <summary>Lists the version requirements (SHT_GNU_verneed) of an ELF image.</summary>
    public static List<Requirement> ReadRequirements(byte[] image, string name)
    {
        var result = new List<Requirement>();
        foreach (var section in Sections(image, name, ShtGnuVerneed))
        {
            var strtab = StringTable(image, name, section.Link);
            long entry = section.Offset;
            for (int i = 0; i < section.Info; i++)
            {
                ushort count = U16(image, name, entry + 2);
                string file = CString(image, name, strtab + U32(image, name, entry + 4));
                long aux = entry + U32(image, name, entry + 8);
                for (int j = 0; j < count; j++)
                {
                    ushort flags = U16(image, name, aux + 4);
                    string version = CString(image, name, strtab + U32(image, name, aux + 8));
                    result.Add(new Requirement(file, version, flags, aux + 4));
                    aux += U32(image, name, aux + 12);
                }

                entry += U32(image, name, entry + 12);
            }
        }

        return result;
    }

    /// <summary>Lists the versions an ELF image defines (SHT_GNU_verdef), e.g. every GLIBCXX_* of libstdc++.</summary>
    public static List<string> ReadDefinitions(byte[] image, string name)
    {
        var result = new List<string>();
        foreach (var section in Sections(image, name, ShtGnuVerdef))
        {
            var strtab = StringTable(image, name, section.Link);
            long entry = section.Offset;
            for (int i = 0; i < section.Info; i++)
            {
                ushort count = U16(image, name, entry + 6);
                long aux = entry + U32(image, name, entry + 12);
                for (int j = 0; j < count; j++)
                {
                    result.Add(CString(image, name, strtab + U32(image, name, aux)));
                    aux += U32(image, name, aux + 4);
                }

                entry += U32(image, name, entry + 16);
            }
        }

        return result;
    }

    /// <summary>
    /// Marks the <see cref="RequiredVersion"/> requirement on <see cref="LibStdCxx"/> weak in
    /// <paramref name="image"/> unless <paramref name="hostHasVersion"/>; returns what was done.
    /// </summary>
    public static Outcome Apply(byte[] image, string name, bool hostHasVersion)
    {
        if (hostHasVersion)
        {
            return Outcome.HostHasVersion;
        }

        var outcome = Outcome.NotRequired;
        foreach (var r in ReadRequirements(image, name))
        {
            if (r.File != LibStdCxx || r.Version != RequiredVersion)
            {
                continue;
            }

            if (r.IsWeak)
            {
                outcome = Outcome.AlreadyWeak;
                continue;
            }

            ushort flags = (ushort)(r.Flags | VerFlgWeak);
            image[r.FlagsOffset] = (byte)flags;
            image[r.FlagsOffset + 1] = (byte)(flags >> 8);
            outcome = Outcome.Patched;
        }

        return outcome;
    }

    /// <summary>Patches a file in place (see <see cref="Apply"/>); writes only when something changed.</summary>
    public static Outcome ApplyToFile(string path, bool hostHasVersion)
    {
        var image = File.ReadAllBytes(path);
        var outcome = Apply(image, path, hostHasVersion);
        if (outcome == Outcome.Patched)
        {
            // Write a uniquely named sibling and rename it over the original (rename(2) is atomic): a reader or a
            // parallel build sees the old library or the new one, never none or a half-written one.
            var tmp = $"{path}.{Guid.NewGuid():N}.weak-tmp";
            File.WriteAllBytes(tmp, image);
            File.Replace(tmp, path, null);
        }

        return outcome;
    }

    /// <summary>
    /// Finds the libstdc++.so.6 the dynamic loader gives this process: the one mapped into it
    /// (the .NET runtime links libstdc++), else the one <c>ldconfig -p</c> names, else the
    /// usual library folders. Returns null when none is found (e.g. not Linux).
    /// </summary>
    public static string? FindHostLibStdCxx()
    {
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (var line in File.ReadLines(maps))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("/" + LibStdCxx))
                {
                    return line.Substring(slash).Trim();
                }
            }
        }

        foreach (var ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
        {
            if (!File.Exists(ldconfig))
            {
                continue;
            }

            try
            {
                var psi = new System.Diagnostics.ProcessStartInfo(ldconfig, "-p")
                {
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                using var process = System.Diagnostics.Process.Start(psi);
                if (process is null)
                {
                    continue;
                }

                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                foreach (var line in output.Split('\n'))
                {
                    int arrow = line.IndexOf("=>", StringComparison.Ordinal);
                    if (line.TrimStart().StartsWith(LibStdCxx + " ", StringComparison.Ordinal) && arrow > 0)
                    {
                        return line.Substring(arrow + 2).Trim();
                    }
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // ldconfig not runnable here; fall through to the folder search.
            }
        }

        foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
        {
            var candidate = Path.Combine(dir, LibStdCxx);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when the given libstdc++ defines <see cref="RequiredVersion"/>.</summary>
    public static bool DefinesRequiredVersion(string libStdCxxPath)
    {
        return ReadDefinitions(File.ReadAllBytes(libStdCxxPath), libStdCxxPath).Contains(RequiredVersion);
    }

    private readonly struct Section
    {
        public Section(long offset, uint link, uint info)
        {
            Offset = offset;
            Link = link;
            Info = info;
        }

        public long Offset { get; }

        public uint Link { get; }

        public uint Info { get; }
    }

    private static List<Section> Sections(byte[] image, string name, uint type)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException($"{name}: not an ELF file (bad magic).");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException($"{name}: only 64-bit little-endian ELF is supported (class {image[4]}, data {image[5]}).");
        }

        long shoff = (long)U64(image, name, 0x28);
        ushort shentsize = U16(image, name, 0x3A);
        ushort shnum = U16(image, name, 0x3C);
        var found = new List<Section>();
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + ((long)i * shentsize);
            if (U32(image, name, sh + 4) == type)
            {
                found.Add(new Section((long)U64(image, name, sh + 0x18), U32(image, name, sh + 0x28), U32(image, name, sh + 0x2C)));
            }
        }

        return found;
    }

    private static long StringTable(byte[] image, string name, uint sectionIndex)
    {
        long shoff = (long)U64(image, name, 0x28);
        ushort shentsize = U16(image, name, 0x3A);
        return (long)U64(image, name, shoff + ((long)sectionIndex * shentsize) + 0x18);
    }

    private static void Check(byte[] image, string name, long offset, int size)
    {
        if (offset < 0 || offset + size > image.Length)
        {
            throw new InvalidDataException($"{name}: truncated or corrupt ELF (offset {offset} + {size} beyond {image.Length} bytes).");
        }
    }

    private static ushort U16(byte[] b, string name, long o)
    {
        Check(b, name, o, 2);
        return (ushort)(b[o] | (b[o + 1] << 8));
    }

    private static uint U32(byte[] b, string name, long o)
    {
        Check(b, name, o, 4);
        return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
    }

    private static ulong U64(byte[] b, string name, long o)
    {
        return U32(b, name, o) | ((ulong)U32(b, name, o + 4) << 32);
    }

    private static string CString(byte[] b, string name, long o)
    {
        Check(b, name, o, 1);
        long end = o;
        while (end < b.Length && b[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
    }
}

#if !WARMUP_ELF_NO_TASK
/// <summary>
/// MSBuild task: for every given libLibTorchSharp.so, marks its GLIBCXX_3.4.32 requirement weak
/// when the host's libstdc++ lacks that version; leaves the files untouched otherwise.
/// </summary>
public sealed class MarkLibStdCxxRequirementWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>Output copies of libLibTorchSharp.so to fix.</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <summary>Mark the requirement weak whatever this machine's libstdc++ has (for outputs built here to run on an older host).</summary>
    public bool Always { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        if (Files.Length == 0)
        {
            return true;
        }

        var host = ElfVersionPatch.FindHostLibStdCxx();
        if (host is null && !Always)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No host libstdc++.so.6 found; libLibTorchSharp.so left as it is.");
            return true;
        }

        bool hostHas = !Always && host is not null && ElfVersionPatch.DefinesRequiredVersion(host);
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            var outcome = ElfVersionPatch.ApplyToFile(path, hostHas);
            var importance = outcome == ElfVersionPatch.Outcome.Patched
                ? Microsoft.Build.Framework.MessageImportance.Normal
                : Microsoft.Build.Framework.MessageImportance.Low;
            Log.LogMessage(importance, $"{path}: {outcome} (host {host}).");
        }

        return !Log.HasLoggedErrors;
    }
}
#endif
