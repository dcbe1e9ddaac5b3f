namespace Realtime.Grpc;

/// <summary>Per-message write flags.</summary>
[Flags]
public enum WriteFlags
{
    None = 0,

    /// <summary>Send this message uncompressed even when the call compresses (avoids CRIME/BREACH-style leaks).</summary>
    NoCompress = 2,
}

/// <summary>Options applied to the messages written after they are set.</summary>
public sealed class WriteOptions(WriteFlags flags = WriteFlags.None)
{
    public static readonly WriteOptions Default = new();

    public WriteFlags Flags { get; } = flags;
}
