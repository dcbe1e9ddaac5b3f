using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Realtime.Actors.Diagnostics;
using Realtime.Actors.Internal;
using Realtime.Actors.Persistence;

namespace Realtime.Actors;

public sealed partial class ActorRuntime<TState, TMessage, TReply, TChange, TView>
{
    /// <summary>
    /// Fire-and-forget. Completes when the message is queued (at once, allocation-free, unless the actor's shard is
    /// full: then it waits, which is the backpressure). Await each Tell before the next to keep per-sender order.
    /// </summary>
    /// <param name="key">The actor's key.</param>
    /// <param name="message">The message.</param>
    /// <param name="logPosition">The message's event-log position (0 for none); recorded in the saved state.</param>
    /// <param name="cancellationToken">Stops waiting for queue space.</param>
    public ValueTask TellAsync(string key, TMessage message, long logPosition = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var envelope = new Envelope<TMessage, TReply>(key, message, logPosition, null);
        var shard = ShardOf(key);
        if (shard.Queue.TryEnqueue(in envelope, out var closed))
        {
            return ValueTask.CompletedTask;
        }

        return closed ? ThrowStopped(key) : EnqueueSlowAsync(shard, envelope, cancellationToken);
    }

    /// <summary>
    /// Queues a batch of messages to many actors, in order; completes when all are queued (waiting for space as
    /// needed). Messages to one key keep their batch order.
    /// </summary>
    public ValueTask TellManyAsync(ReadOnlyMemory<ActorMessage<TMessage>> messages, CancellationToken cancellationToken = default) =>
        EnqueueManyAsync(messages, sink: null, cancellationToken);

    /// <summary>
    /// Queues a batch like <see cref="TellManyAsync"/> and completes once every message was processed: committed,
    /// skipped as already included, or failed (counted in the result, never thrown).
    /// </summary>
    public async Task<DeliveryResult> DeliverAsync(ReadOnlyMemory<ActorMessage<TMessage>> messages, CancellationToken cancellationToken = default)
    {
        if (messages.IsEmpty)
        {
            return new DeliveryResult(0, 0, null);
        }

        var sink = new BatchSink<TReply>(messages.Length);
        await EnqueueManyAsync(messages, sink, cancellationToken);
        return await sink.Task;
    }

    /// <summary>
    /// Request/reply: queues the message and returns the turn's reply. A turn that throws surfaces here as
    /// <see cref="ActorTurnException"/>. The timeout (<see cref="ActorRuntimeOptions.AskTimeout"/> unless
    /// <paramref name="timeout"/> is given) covers the whole call, waiting for queue space included, as Orleans'
    /// response timeout does; when it passes, <see cref="ActorAskTimeoutException"/> is thrown and the outcome is
    /// unknown (the message may never have been queued, or may still be processed later).
    /// </summary>
    public ValueTask<TReply> AskAsync(string key, TMessage message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        AskCoreAsync(key, message, timeout, urgent: false, cancellationToken);

    /// <summary>
    /// An Ask on the urgent lane, for interactive callers (an API waiting on the reply): it runs ahead of the messages
    /// queued for other actors of its shard instead of behind them, so it does not wait behind a deep ingest queue.
    /// It never overtakes its own actor: the messages queued for that actor before it are applied first, so the reply
    /// reflects them (read-your-writes, as <see cref="AskAsync"/>), and messages sent after it run after it. A busy
    /// shard looks for urgent Asks every 64 turns. Otherwise it behaves as <see cref="AskAsync"/> (reply, errors,
    /// timeout); it also may use a reserve of queue space beyond <see cref="ActorRuntimeOptions.QueueCapacity"/>, so
    /// ingest filling the queue does not hold it back. Not for bulk traffic: each urgent Ask scans what is queued on its
    /// shard, and enough of them would starve the other actors.
    /// </summary>
    public ValueTask<TReply> AskUrgentAsync(string key, TMessage message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        AskCoreAsync(key, message, timeout, urgent: true, cancellationToken);

    private async ValueTask<TReply> AskCoreAsync(string key, TMessage message, TimeSpan? timeout, bool urgent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var wait = timeout ?? Options.AskTimeout;
        if (wait <= TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        var started = TimeProvider.GetTimestamp();
        var sink = new AskSink<TReply>();
        var envelope = new Envelope<TMessage, TReply>(key, message, 0, sink);
        var shard = ShardOf(key);
        try
        {
            if (!TryEnqueue(shard, in envelope, urgent, out var closed))
            {
                if (closed)
                {
                    await ThrowStopped(key);
                }

                await EnqueueSlowAsync(shard, envelope, urgent, wait, started, cancellationToken);
            }

            return await sink.Task.WaitAsync(Remaining(wait, started), TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ActorAskTimeoutException(new ActorId(TypeName, key), wait);
        }
    }

    private static bool TryEnqueue(Shard<TState, TMessage, TReply, TChange, TView> shard, in Envelope<TMessage, TReply> envelope, bool urgent, out bool closed) =>
        urgent ? shard.Queue.TryEnqueueUrgent(in envelope, out closed) : shard.Queue.TryEnqueue(in envelope, out closed);

    /// <summary>What is left of <paramref name="wait"/> since <paramref name="started"/> (zero once it has passed).</summary>
    private TimeSpan Remaining(TimeSpan wait, long started)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return wait;
        }

        var left = wait - TimeProvider.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// The view the actor last published (<see cref="ActorTurn{TChange}.PublishView"/>), read without touching its
    /// queue: the fastest lookup. False when the actor is not active or never published one.
    /// </summary>
    public bool TryGetView(string key, [MaybeNullWhen(false)] out TView view) => _views.TryGetValue(key, out view);

    /// <summary>
    /// A read-only turn: runs <paramref name="read"/> on the actor's state ahead of its queued messages (it does not
    /// wait behind a deep ingest queue), activating the actor if needed. It may therefore not see messages still
    /// queued; use Ask for read-your-writes. <paramref name="read"/> must not change the state. Like an Ask it is
    /// bounded: it waits while its shard already holds <see cref="ActorRuntimeOptions.QueueCapacity"/> requests, and
    /// the whole call times out after <see cref="ActorRuntimeOptions.AskTimeout"/> (<see cref="TimeoutException"/>).
    /// </summary>
    public Task<TResult> ReadAsync<TResult>(string key, Func<TState, TResult> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(read);
        ThrowIfStopped(key);
        return ReadCoreAsync(key, read, cancellationToken);
    }

    private async Task<TResult> ReadCoreAsync<TResult>(string key, Func<TState, TResult> read, CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        var shard = ShardOf(key);
        await AcquireRequestSlotAsync(shard, key, Options.AskTimeout, started, cancellationToken);
        var command = new Shard<TState, TMessage, TReply, TChange, TView>.Read<TResult>(key, read);
        PostRequest(shard, command, command.Task);
        return await command.Task.WaitAsync(Remaining(Options.AskTimeout, started), TimeProvider, cancellationToken);
    }

    /// <summary>
    /// Erases an actor (privacy): drops its activation without saving and deletes its stored state and due time.
    /// A later message starts a fresh actor. Waits while the shard already holds its bound of requests.
    /// </summary>
    public Task EraseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfStopped(key);
        return EraseCoreAsync(key, cancellationToken);
    }

    private async Task EraseCoreAsync(string key, CancellationToken cancellationToken)
    {
        var shard = ShardOf(key);
        await AcquireRequestSlotAsync(shard, key, Timeout.InfiniteTimeSpan, 0, cancellationToken);
        var command = new Shard<TState, TMessage, TReply, TChange, TView>.Erase(key);
        PostRequest(shard, command, command.Task);
        await command.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Deactivates one actor now: saves it if it changed, then drops it; its next message activates it again from the
    /// store. Completes once it is dropped (at once if it was not active); fails with
    /// <see cref="ActorStateNotSavedException"/> or the store's error, keeping the actor, when it cannot be saved.
    /// Waits while the shard already holds its bound of requests.
    /// </summary>
    public Task DeactivateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfStopped(key);
        return DeactivateCoreAsync(key, cancellationToken);
    }

    private async Task DeactivateCoreAsync(string key, CancellationToken cancellationToken)
    {
        var shard = ShardOf(key);
        await AcquireRequestSlotAsync(shard, key, Timeout.InfiniteTimeSpan, 0, cancellationToken);
        var command = new Shard<TState, TMessage, TReply, TChange, TView>.Deactivate(key);
        PostRequest(shard, command, command.Task);
        await command.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes one of the shard's request slots (reads, erases, deactivations it holds at once), waiting for one until
    /// <paramref name="timeout"/> since <paramref name="started"/> has passed on the injected clock.
    /// </summary>
    private async ValueTask AcquireRequestSlotAsync(Shard<TState, TMessage, TReply, TChange, TView> shard, string key, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        if (shard.RequestSlots.Wait(0, CancellationToken.None))
        {
            return;
        }

        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await shard.RequestSlots.WaitAsync(cancellationToken);
            return;
        }

        using var expiry = new CancellationTokenSource(Remaining(timeout, started), TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await shard.RequestSlots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Actor {new ActorId(TypeName, key)}: the request found its shard busy for {timeout}.");
        }
    }

    /// <summary>Posts a request holding a slot; the slot is given back when the request completes (or fails).</summary>
    private static void PostRequest(Shard<TState, TMessage, TReply, TChange, TView> shard, Shard<TState, TMessage, TReply, TChange, TView>.Command command, Task done)
    {
        _ = done.ContinueWith(static (_, slots) => ((SemaphoreSlim)slots!).Release(), shard.RequestSlots, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        shard.Post(command);
    }

    /// <summary>
    /// Saves every dirty actor now and completes when the store has them (tests, checkpoints): every message queued
    /// before the call is in a saved state then, including one that waited for its actor's state to load.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfStopped("*");
        var flushes = new Task[_shards.Length];
        for (var i = 0; i < _shards.Length; i++)
        {
            var flush = new Shard<TState, TMessage, TReply, TChange, TView>.Flush();
            _shards[i].Post(flush);
            flushes[i] = flush.Task;
        }

        return Task.WhenAll(flushes).WaitAsync(cancellationToken);
    }

    private async ValueTask EnqueueManyAsync(ReadOnlyMemory<ActorMessage<TMessage>> messages, BatchSink<TReply>? sink, CancellationToken cancellationToken)
    {
        var total = messages.Length;
        var grouped = ArrayPool<Envelope<TMessage, TReply>>.Shared.Rent(total);
        var bounds = ArrayPool<int>.Shared.Rent(_shards.Length + 1);
        var queued = 0;
        try
        {
            GroupByShard(messages.Span, sink, grouped, bounds);
            for (var shard = 0; shard < _shards.Length; shard++)
            {
                var queue = _shards[shard].Queue;
                var offset = bounds[shard];
                var end = bounds[shard + 1];
                while (offset < end)
                {
                    var taken = queue.TryEnqueueMany(grouped.AsSpan(offset, end - offset), out var closed);
                    offset += taken;
                    queued += taken;
                    if (closed)
                    {
                        await ThrowStopped(grouped[offset].Key);
                    }

                    if (offset < end)
                    {
                        await queue.WaitForSpaceAsync(cancellationToken);
                    }
                }
            }
        }
        catch (Exception ex) when (sink is not null)
        {
            // The caller sees the failure; the batch result accounts for what was never queued.
            sink.Abandon(total - queued, ex);
            throw;
        }
        finally
        {
            ArrayPool<Envelope<TMessage, TReply>>.Shared.Return(grouped, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<Envelope<TMessage, TReply>>());
            ArrayPool<int>.Shared.Return(bounds);
        }
    }

    /// <summary>
    /// A stable counting sort of the batch by shard, so each shard's part is queued under one lock and messages to
    /// one key keep their order. <paramref name="bounds"/>[s]..[s+1] delimits shard s in <paramref name="grouped"/>.
    /// </summary>
    private void GroupByShard(ReadOnlySpan<ActorMessage<TMessage>> messages, BatchSink<TReply>? sink, Envelope<TMessage, TReply>[] grouped, int[] bounds)
    {
        var shards = _shards.Length;
        var shardOf = ArrayPool<int>.Shared.Rent(messages.Length);
        try
        {
            Array.Clear(bounds, 0, shards + 1);
            for (var i = 0; i < messages.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(messages[i].Key, nameof(messages));
                var shard = ShardIndex(messages[i].Key);
                shardOf[i] = shard;
                bounds[shard + 1]++;
            }

            for (var s = 0; s < shards; s++)
            {
                bounds[s + 1] += bounds[s];
            }

            // Fill each shard's slice in batch order, using a running cursor per shard (starts at its bound).
            var cursors = ArrayPool<int>.Shared.Rent(shards);
            Array.Copy(bounds, cursors, shards);
            for (var i = 0; i < messages.Length; i++)
            {
                ref readonly var message = ref messages[i];
                grouped[cursors[shardOf[i]]++] = new Envelope<TMessage, TReply>(message.Key, message.Message, message.LogPosition, sink);
            }

            ArrayPool<int>.Shared.Return(cursors);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(shardOf);
        }
    }

    private async ValueTask EnqueueSlowAsync(Shard<TState, TMessage, TReply, TChange, TView> shard, Envelope<TMessage, TReply> envelope, CancellationToken cancellationToken)
    {
        while (true)
        {
            await shard.Queue.WaitForSpaceAsync(cancellationToken);
            if (shard.Queue.TryEnqueue(in envelope, out var closed))
            {
                return;
            }

            if (closed)
            {
                await ThrowStopped(envelope.Key);
            }
        }
    }

    /// <summary>Waits for queue space until <paramref name="wait"/> since <paramref name="started"/> has passed (then throws <see cref="TimeoutException"/>).</summary>
    private async ValueTask EnqueueSlowAsync(Shard<TState, TMessage, TReply, TChange, TView> shard, Envelope<TMessage, TReply> envelope, bool urgent, TimeSpan wait, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            await shard.Queue.WaitForSpaceAsync(cancellationToken).WaitAsync(Remaining(wait, started), TimeProvider, cancellationToken);
            if (TryEnqueue(shard, in envelope, urgent, out var closed))
            {
                return;
            }

            if (closed)
            {
                await ThrowStopped(envelope.Key);
            }
        }
    }

    private ValueTask ThrowStopped(string key) =>
        ValueTask.FromException(new ActorRuntimeStoppedException(new ActorId(TypeName, key)));

    private void ThrowIfStopped(string key)
    {
        if (Volatile.Read(ref _state) == 2)
        {
            ThrowHelper.ThrowStopped(new ActorId(TypeName, key));
        }
    }

    /// <summary>Hands stored due times (up to two scan intervals ahead) to the shards; returns how many.</summary>
    private async Task<int> ScanDueAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            var until = TimeProvider.GetUtcNow() + (2 * Options.DueScanInterval);
            await foreach (var due in Store.ReadDueAsync(until, cancellationToken))
            {
                if (due.Id.Type == TypeName)
                {
                    ShardOf(due.Id.Key).Post(new Shard<TState, TMessage, TReply, TChange, TView>.StoredDue(due.Id.Key, due.DueAt));
                    count++;
                }
            }
        }
        catch (Exception ex)
        {
            ActorRuntimeLog.DueScanFailed(Logger, TypeName, ex);
        }

        return count;
    }
}
