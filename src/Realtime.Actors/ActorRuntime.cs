using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Actors.Diagnostics;
using Realtime.Actors.Internal;
using Realtime.Actors.Persistence;

namespace Realtime.Actors;

/// <summary>Creates runtimes with the behaviour's type arguments inferred.</summary>
public static class ActorRuntime
{
    /// <inheritdoc cref="ActorRuntime{TState,TMessage,TReply,TChange,TView}(IActorBehavior{TState,TMessage,TReply,TChange,TView},IActorStateStore,TimeProvider,ActorRuntimeOptions?,ILoggerFactory?,IMeterFactory?,IActorRuntimeObserver?)"/>
    public static ActorRuntime<TState, TMessage, TReply, TChange, TView> Create<TState, TMessage, TReply, TChange, TView>(
        IActorBehavior<TState, TMessage, TReply, TChange, TView> behavior,
        IActorStateStore store,
        TimeProvider timeProvider,
        ActorRuntimeOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        IActorRuntimeObserver? observer = null) =>
        new(behavior, store, timeProvider, options, loggerFactory, meterFactory, observer);
}

/// <summary>
/// Hosts every actor of one type (<see cref="IActorBehavior{TState,TMessage,TReply,TChange,TView}.TypeName"/>) on
/// one node, with Orleans' guarantees: one activation per key, activated by its first message after its state is
/// loaded; one turn at a time per actor, in arrival order; write-behind saves with optimistic concurrency; durable
/// wake-ups; idle deactivation; bounded queues. Keys are split over <see cref="ActorRuntimeOptions.Shards"/> worker
/// loops, each owning its keys outright (see docs/benchmarks/actors.md for why).
/// </summary>
public sealed partial class ActorRuntime<TState, TMessage, TReply, TChange, TView> : IAsyncDisposable
{
    private readonly Shard<TState, TMessage, TReply, TChange, TView>[] _shards;
    private readonly ConcurrentDictionary<string, TView> _views = new(StringComparer.Ordinal);
    private readonly ActorMetrics _metrics;
    private readonly Lock _lifecycle = new();
    private Task[]? _workers;
    private ITimer? _dueScanTimer;
    private int _state; // 0 created, 1 running, 2 stopping or stopped

    /// <param name="behavior">The actor logic.</param>
    /// <param name="store">Where states, versions and due times live.</param>
    /// <param name="timeProvider">The only clock the runtime reads (tests pass a fake one).</param>
    /// <param name="options">Settings; validated here. Null for the defaults.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <param name="meterFactory">Metrics (meter "Realtime.Actors"); null for a standalone meter.</param>
    /// <param name="observer">Lifecycle notifications for diagnostics and tests.</param>
    public ActorRuntime(
        IActorBehavior<TState, TMessage, TReply, TChange, TView> behavior,
        IActorStateStore store,
        TimeProvider timeProvider,
        ActorRuntimeOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        IActorRuntimeObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new ActorRuntimeOptions();
        var validation = new ActorRuntimeOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        Behavior = behavior;
        Store = store;
        TimeProvider = timeProvider;
        Options = options;
        Observer = observer;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Realtime.Actors.ActorRuntime");
        // A listener may observe the meter from another thread while the shards are being built: it sees none until
        // all exist (a half-filled array would hand it nulls).
        _metrics = new ActorMetrics(meterFactory, behavior.TypeName, () => _shards ?? []);
        var shards = new Shard<TState, TMessage, TReply, TChange, TView>[options.Shards];
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = new Shard<TState, TMessage, TReply, TChange, TView>(this, _metrics);
        }

        _shards = shards;
    }

    /// <summary>The actor type this runtime hosts.</summary>
    public string TypeName => Behavior.TypeName;

    public ActorRuntimeOptions Options { get; }

    /// <summary>Messages waiting in the shard queues (not yet taken by a worker).</summary>
    public int QueueDepth => _shards.Sum(s => s.Queue.Count);

    internal IActorBehavior<TState, TMessage, TReply, TChange, TView> Behavior { get; }

    internal IActorStateStore Store { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal IActorRuntimeObserver? Observer { get; }

    internal IActorChangeSink<TChange>[] ChangeSinks { get; private set; } = [];

    /// <summary>
    /// Subscribes to the change feed: every change a committed turn emitted, after the turn, on a runtime worker.
    /// Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable Subscribe(IActorChangeSink<TChange> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lifecycle)
        {
            ChangeSinks = [.. ChangeSinks, sink];
        }

        return new Subscription(this, sink);
    }

    /// <summary>
    /// Starts the workers and schedules the stored wake-ups (due within two scan intervals; later ones are picked up
    /// by the periodic scan), so actors wake on time after a restart without any message.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycle)
        {
            if (_state != 0)
            {
                throw new InvalidOperationException($"The {TypeName} actor runtime was already started.");
            }

            _state = 1;
            _workers = [.. _shards.Select(s => s.RunAsync())];
        }

        var due = await ScanDueAsync(cancellationToken);
        _dueScanTimer = TimeProvider.CreateTimer(
            static s => _ = ((ActorRuntime<TState, TMessage, TReply, TChange, TView>)s!).ScanDueAsync(CancellationToken.None),
            this,
            Options.DueScanInterval,
            Options.DueScanInterval);
        ActorRuntimeLog.Started(Logger, TypeName, _shards.Length, due);
    }

    /// <summary>Stops gracefully: refuses new messages, processes the queued ones, saves every dirty actor, then ends.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var stops = EndLifecycle(kill: false);
        if (stops is null)
        {
            return;
        }

        await Task.WhenAll(stops).WaitAsync(cancellationToken);
        ActorRuntimeLog.Stopped(Logger, TypeName);
    }

    /// <summary>
    /// Ends abruptly, like a crashed process: nothing more is saved, queued and waiting messages fail with
    /// <see cref="ActorRuntimeStoppedException"/>. A new runtime over the same store recovers from what was saved.
    /// </summary>
    public void Kill()
    {
        EndLifecycle(kill: true);
        _metrics.Dispose(); // a meter left registered keeps the killed runtime (every activation) reachable
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _metrics.Dispose();
    }

    private Task[]? EndLifecycle(bool kill)
    {
        lock (_lifecycle)
        {
            if (_state == 2)
            {
                return null;
            }

            var wasRunning = _state == 1;
            _state = 2;
            _dueScanTimer?.Dispose();
            var stops = new Task[_shards.Length];
            for (var i = 0; i < _shards.Length; i++)
            {
                _shards[i].Queue.Close();
                var stop = new Shard<TState, TMessage, TReply, TChange, TView>.Stop(kill);
                _shards[i].Post(stop);
                stops[i] = stop.Task;
            }

            if (!wasRunning)
            {
                // Never started: there is no worker to run the stop.
                return null;
            }

            return stops;
        }
    }

    private Shard<TState, TMessage, TReply, TChange, TView> ShardOf(string key) => _shards[ShardIndex(key)];

    private int ShardIndex(string key) => (int)((uint)key.GetHashCode() % (uint)_shards.Length);

    internal void SetView(string key, TView view) => _views[key] = view;

    internal void RemoveView(string key) => _views.TryRemove(key, out _);

    private sealed class Subscription(ActorRuntime<TState, TMessage, TReply, TChange, TView> runtime, IActorChangeSink<TChange> sink) : IDisposable
    {
        public void Dispose()
        {
            lock (runtime._lifecycle)
            {
                runtime.ChangeSinks = [.. runtime.ChangeSinks.Where(s => !ReferenceEquals(s, sink))];
            }
        }
    }
}
