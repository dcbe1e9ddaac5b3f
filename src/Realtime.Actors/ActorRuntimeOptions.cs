namespace Realtime.Actors;

/// <summary>Settings of an <see cref="ActorRuntime{TState,TMessage,TReply,TChange,TView}"/>; validated by <see cref="ActorRuntimeOptionsValidator"/>.</summary>
public sealed class ActorRuntimeOptions
{
    /// <summary>Worker loops, each owning a shard of keys.</summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/>.</value>
    public int Shards { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Messages a shard's ingest queue holds before producers wait (backpressure); urgent Asks may use 1,024 slots more.
    /// </summary>
    /// <value>The default is 16,384.</value>
    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>
    /// Messages (and reads, wake-ups and other requests) a shard may hold for actors whose state is still loading
    /// before it stops taking new messages and starting loads for reads.
    /// </summary>
    /// <value>The default is 65,536.</value>
    public int MaxParkedMessages { get; set; } = 65_536;

    /// <summary>How long an Ask waits in all: for queue space, then for its reply (a call may pass its own).</summary>
    /// <value>The default is 30 seconds (as Orleans).</value>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An actor with no turn for this long is saved and dropped; its next message activates it again.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The least time between two idle scans of a shard. Zero scans exactly when the first actor expires.</summary>
    /// <value>The default is 1 minute (as Orleans' collection quantum).</value>
    public TimeSpan IdleScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a changed state stays unsaved (write-behind); turns in between coalesce into one save.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most states one store call writes; a save of more dirty actors is split into batches this size.</summary>
    /// <value>The default is 1,024.</value>
    public int SaveBatchSize { get; set; } = 1_024;

    /// <summary>
    /// Unsaved actors per shard that start a save before the interval ends; while a save is in flight and this many
    /// are dirty, the shard stops taking messages (a slow store slows producers instead of growing memory).
    /// </summary>
    /// <value>The default is 100,000.</value>
    public int MaxDirtyActors { get; set; } = 100_000;

    /// <summary>How often the store is asked for due times of actors that are not active (durable wake-ups).</summary>
    /// <value>The default is 1 minute; each scan looks twice as far ahead.</value>
    public TimeSpan DueScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}
