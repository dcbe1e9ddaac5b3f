using System.Collections.Concurrent;

namespace Realtime.Grpc.Tests.Hosting;

/// <summary>What the server saw of calls that wait for cancellation: that they started, and how they ended.</summary>
public sealed class CancellationObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _ended = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _released = new();

    /// <summary>Lets a handler that waits in <see cref="WhenReleased"/> go on.</summary>
    public void Release(string key) => ReleasedSource(key).TrySetResult();

    public Task WhenReleased(string key) => ReleasedSource(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    public void Started(string key) => Started(key, out _);

    public void Ended(string key, string how) => EndedSource(key).TrySetResult(how);

    /// <summary>Completes when the server handler of <paramref name="key"/> is running.</summary>
    public Task WhenStarted(string key) => StartedSource(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>"deadline" or "cancelled", once the server handler of <paramref name="key"/> saw its token fire.</summary>
    public Task<string> WhenEnded(string key) => EndedSource(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    private void Started(string key, out TaskCompletionSource source)
    {
        source = StartedSource(key);
        source.TrySetResult();
    }

    private TaskCompletionSource StartedSource(string key) =>
        _started.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource ReleasedSource(string key) =>
        _released.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<string> EndedSource(string key) =>
        _ended.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
