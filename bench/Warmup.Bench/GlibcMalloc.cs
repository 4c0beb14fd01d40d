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

    /// <summary>Sets both thresholds for the rest of the process; false where glibc is absent or refuses.</summary>
    public static bool KeepLargeBlocks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(MMmapThreshold, MmapThreshold) == 1 && Mallopt(MTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
