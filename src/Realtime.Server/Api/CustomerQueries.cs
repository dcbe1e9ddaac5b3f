using Realtime.Contracts.V1;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>
/// Read-only customer look-ups shared by gRPC <c>Customers</c> and the web pages: resolves an id, email or phone to
/// its actor and reads its state without queueing behind ingest (or, when consistent, after that customer's queued
/// events only: an urgent Ask, ahead of other customers' ingest).
/// </summary>
public sealed class CustomerQueries(RealtimeEngine engine)
{
    /// <summary>The read's value, or null when no event was ever received for the customer; <c>Key</c> names them.</summary>
    public async Task<CustomerRead<T>> ReadAsync<T>(CustomerRef reference, Func<CustomerActorState, T> read, CancellationToken cancellationToken, bool consistent = false)
    {
        var target = await engine.Router.TargetOfAsync(reference, cancellationToken);
        var runtime = engine.Actors.RuntimeFor(target);
        Func<CustomerActorState, Found<T>?> readIfKnown = state => state.Customer.HasSeenEvents ? new Found<T>(read(state)) : null;
        var found = consistent
            ? (Found<T>?)await runtime.AskUrgentAsync(target.Key, new CustomerMessage(CustomerCommand.Read, Argument: readIfKnown), cancellationToken: cancellationToken)
            : await runtime.ReadAsync(target.Key, readIfKnown, cancellationToken);
        return new CustomerRead<T>(target.Key, found is not null, found is null ? default : found.Value);
    }

    private sealed record Found<T>(T Value);
}

/// <summary>A look-up's answer: <c>Found</c> false when the customer behind <c>Key</c> is unknown.</summary>
public sealed record CustomerRead<T>(string Key, bool Found, T? Value);
