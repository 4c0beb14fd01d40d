using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// Runs quantization_reference.py (a NumPy reference of the state formats, written for these tests from the
/// specification) under Debian's Python with python3-numpy, which .ci/run installs: one invocation answers every
/// record of a request. Without NumPy the tests that use it are skipped, or fail under WARMUP_REQUIRE_NUMPY=1 (as CI
/// sets it). Records and answers are little-endian; their layout is in the script's docstring.
/// </summary>
internal static class NumPyReference
{
    /// <summary>Debian's interpreter, where apt's python3-numpy installs (a python3 earlier on the PATH may lack it).</summary>
    public const string Python = "/usr/bin/python3";

    public const uint Float8Record = 1;
    public const uint BFloat16Record = 2;
    public const uint AdamRecord = 3;

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing";
        }

        var start = new ProcessStartInfo(Python, ["-c", "import numpy"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(start)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"{Python} cannot import numpy";
    });

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Kernels", "quantization_reference.py");

    /// <summary>Skips the test when the reference cannot run, or fails it under WARMUP_REQUIRE_NUMPY=1.</summary>
    public static void Require()
    {
        if (Missing.Value is not { } why)
        {
            return;
        }

        string message = $"{why}: `apt-get install python3-numpy` runs the quantization reference (.ci/run installs it).";
        if (Environment.GetEnvironmentVariable("WARMUP_REQUIRE_NUMPY") == "1")
        {
            Assert.Fail($"WARMUP_REQUIRE_NUMPY=1 but {message}");
        }

        Assert.Skip(message);
    }

    /// <summary>Answers the records <paramref name="write"/> writes, in one run of the script; fails the test if the script fails.</summary>
    public static BinaryReader Run(Action<BinaryWriter> write)
    {
        Require();
        string input = Path.GetTempFileName(), output = Path.GetTempFileName();
        try
        {
            using (var w = new BinaryWriter(File.Create(input)))
            {
                write(w);
            }

            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(input);
            start.ArgumentList.Add(output);
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"quantization_reference.py exited {p.ExitCode}: {stderr}{stdout.Result}");
            return new BinaryReader(new MemoryStream(File.ReadAllBytes(output)));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    public static void Write<T>(this BinaryWriter w, T[] values)
        where T : unmanaged => w.Write(MemoryMarshal.AsBytes(values.AsSpan()));

    public static T[] Read<T>(this BinaryReader r, int count)
        where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        Assert.Equal(bytes.Length, r.Read(bytes));
        return values;
    }

    /// <summary>Checks that every answer was read.</summary>
    public static void AssertAtEnd(this BinaryReader r) => Assert.Equal(r.BaseStream.Length, r.BaseStream.Position);
}
