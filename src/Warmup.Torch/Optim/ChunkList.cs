namespace Warmup.Optim;

/// <summary>
/// Items of a parallel job split into chunks of at most <see cref="ChunkElements"/> elements, in order; buffers are
/// reused across steps.
/// </summary>
/// <param name="chunkElements">Elements per chunk, a multiple of every SIMD width.</param>
internal sealed class ChunkList(int chunkElements)
{
    private Chunk[] _chunks = new Chunk[64];

    /// <summary>Elements per chunk.</summary>
    public int ChunkElements { get; } = chunkElements;

    /// <summary>Chunks added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Elements added since the last <see cref="Clear"/>.</summary>
    public long Elements { get; private set; }

    /// <summary>The chunk at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public ref readonly Chunk this[int index] => ref _chunks[index];

    /// <summary>Splits item <paramref name="item"/> of <paramref name="length"/> elements into chunks.</summary>
    /// <param name="item">The item's index in the caller's item array.</param>
    /// <param name="length">Its element count.</param>
    public void Add(int item, long length)
    {
        for (long start = 0; start < length; start += ChunkElements)
        {
            if (Count == _chunks.Length)
            {
                Array.Resize(ref _chunks, _chunks.Length * 2);
            }

            _chunks[Count++] = new Chunk(item, (int)start, (int)Math.Min(ChunkElements, length - start));
        }

        Elements += length;
    }

    /// <summary>Forgets the chunks (keeps the buffer).</summary>
    public void Clear()
    {
        Count = 0;
        Elements = 0;
    }

    /// <summary>A range of one item.</summary>
    /// <param name="Item">The item.</param>
    /// <param name="Start">First element.</param>
    /// <param name="Length">Element count.</param>
    internal readonly record struct Chunk(int Item, int Start, int Length);
}
