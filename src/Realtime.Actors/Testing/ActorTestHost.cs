using Microsoft.Extensions.Logging;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Testing;

/// <summary>
/// An in-process host for tests, in the spirit of Orleans' TestCluster: one runtime over an in-memory store wrapped
/// in a <see cref="FaultInjectingActorStateStore"/>, a clock the test drives, a lifecycle recorder, and kill /
/// restart (a restart is a new runtime over the same store, as after a process restart).
/// </summary>
public sealed class ActorTestHost<TState, TMessage, TReply, TChange, TView> : IAsyncDisposable
{
    private readonly IActorBehavior<TState, TMessage, TReply, TChange, TView> _behavior;
    private readonly Func<ActorRuntimeOptions> _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly List<IActorChangeSink<TChange>> _sinks = [];

    /// <param name="behavior">The actor logic under test.</param>
    /// <param name="timeProvider">The clock (a fake one that the test advances).</param>
    /// <param name="options">Makes the options of each runtime the host starts; null for the defaults.</param>
    /// <param name="loggerFactory">Logging, e.g. to the test output.</param>
    public ActorTestHost(
        IActorBehavior<TState, TMessage, TReply, TChange, TView> behavior,
        TimeProvider timeProvider,
        Func<ActorRuntimeOptions>? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        _behavior = behavior;
        _options = options ?? (() => new ActorRuntimeOptions());
        _loggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        Storage = new InMemoryActorStateStore();
        Store = new FaultInjectingActorStateStore(Storage, timeProvider);
        Runtime = NewRuntime();
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>What is durably stored (survives kill and restart).</summary>
    public InMemoryActorStateStore Storage { get; }

    /// <summary>The store the runtime uses: inject failures, delays and stalls here.</summary>
    public FaultInjectingActorStateStore Store { get; }

    /// <summary>Lifecycle events of every runtime this host started.</summary>
    public ActorLifecycleRecorder Lifecycle { get; } = new();

    /// <summary>The current runtime (a new instance after each restart).</summary>
    public ActorRuntime<TState, TMessage, TReply, TChange, TView> Runtime { get; private set; }

    /// <summary>Subscribes a change sink to this and every later runtime.</summary>
    public void Subscribe(IActorChangeSink<TChange> sink)
    {
        _sinks.Add(sink);
        Runtime.Subscribe(sink);
    }

    public Task StartAsync() => Runtime.StartAsync();

    /// <summary>Crashes the runtime: nothing unsaved survives.</summary>
    public void Kill() => Runtime.Kill();

    /// <summary>Kills (or, if <paramref name="graceful"/>, stops) the runtime, then starts a new one over the same store.</summary>
    public async Task RestartAsync(bool graceful = false)
    {
        if (graceful)
        {
            await Runtime.StopAsync();
        }
        else
        {
            Runtime.Kill();
        }

        Runtime = NewRuntime();
        await Runtime.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Store.ClearFaults();
        Store.ResumeReads();
        Store.ResumeWrites();
        Runtime.Kill();
        await Runtime.DisposeAsync();
    }

    private ActorRuntime<TState, TMessage, TReply, TChange, TView> NewRuntime()
    {
        var runtime = new ActorRuntime<TState, TMessage, TReply, TChange, TView>(_behavior, Store, TimeProvider, _options(), _loggerFactory, observer: Lifecycle);
        foreach (var sink in _sinks)
        {
            runtime.Subscribe(sink);
        }

        return runtime;
    }
}
