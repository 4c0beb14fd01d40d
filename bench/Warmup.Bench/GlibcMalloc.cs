using System.Runtime.InteropServices;

namespace Warmup.Bench;

/// <summary>
/// glibc's allocator settings for the training benchmark. By default glibc serves every block above an adaptive
/// threshold (128 KiB at first) with fresh pages from the kernel and returns them when freed; on this machine a
/// step whose 16-21 MB gradients and temporaries come from fresh pages takes up to 40 ms longer (page faults, measured
/// in minor faults per step), and whether it does depends on what ran before in the process. Fixed thresholds keep
/// such blocks in the heap for every loop alike.
/// </summary>
internal static partial class GlibcMalloc
{
    /// <summary>Blocks up to this size come from the heap (glibc's largest allowed threshold on 64-bit Linux).</summary>
    public const int MmapThreshold = 32 << 20;

    /// <summary>The heap is given back to the kernel only when this much is free at its top.</summary>
    public const int TrimThreshold = 256 << 20;

    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    /// <summary>Sets both thresholds for the rest of the process and says what was set, for the report.</summary>
    public static string KeepLargeBlocks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the allocator's defaults (not Linux)";
        }

        try
        {
            bool mmap = Mallopt(MMmapThreshold, MmapThreshold) == 1;
            bool trim = Mallopt(MTrimThreshold, TrimThreshold) == 1;
            return (mmap, trim) switch
            {
                (true, true) => $"glibc malloc with fixed thresholds (mmap {MmapThreshold >> 20} MiB, trim {TrimThreshold >> 20} MiB)",
                (true, false) => $"glibc malloc with a fixed mmap threshold ({MmapThreshold >> 20} MiB; the trim threshold was refused)",
                (false, true) => $"glibc malloc with a fixed trim threshold ({TrimThreshold >> 20} MiB; the mmap threshold was refused)",
                _ => "the allocator's defaults (mallopt refused both thresholds)",
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "the allocator's defaults (no glibc mallopt)";
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
