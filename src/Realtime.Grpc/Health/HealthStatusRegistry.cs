using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Realtime.Grpc.Health;

/// <summary>
/// The serving status of each service, as <c>grpc.health.v1.Health</c> reports it. "" is the whole server (SERVING from the
/// start). Watchers wait on one shared change signal, replaced on every change, so a watcher costs nothing between changes.
/// </summary>
public sealed class HealthStatusRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Sets a service's status ("" = the whole server); watchers of that name are told.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }

            _statuses[service] = status;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND for it again, Watch SERVICE_UNKNOWN.</summary>
    public bool ClearStatus(string service)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (!_statuses.Remove(service))
            {
                return false;
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        return true;
    }

    public bool TryGetStatus(string service, out ServingStatus status)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out status);
        }
    }

    /// <summary>The current status (SERVICE_UNKNOWN when not registered) and a task that completes at the next change.</summary>
    internal (ServingStatus Status, Task Changed) Snapshot(string service)
    {
        lock (_lock)
        {
            return (_statuses.TryGetValue(service, out var status) ? status : ServingStatus.ServiceUnknown, _changed.Task);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
