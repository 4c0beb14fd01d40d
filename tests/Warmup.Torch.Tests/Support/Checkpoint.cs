using Warmup.Torch.Optim;

namespace Warmup.Torch.Tests.Support;

/// <summary>An optimizer's whole saved state (options and every parameter's state) as bytes.</summary>
internal static class Checkpoint
{
    public static byte[] Bytes(AdaptiveOptimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }

    public static void Load(AdaptiveOptimizer optimizer, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        optimizer.load_state_dict(reader);
    }
}
