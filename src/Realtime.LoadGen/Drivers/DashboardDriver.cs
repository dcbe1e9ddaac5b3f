using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.SignalR.Client;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// A dashboard client over SignalR (<c>/hubs/dashboard</c> on the server's HTTP port, JSON hub protocol). It watches
/// the probe customers (<c>Watch(customerId)</c>) and, at a set rate, sends one event to an idle probe customer with
/// <c>Ingest.Track</c> over gRPC: a traits event with a new email, so that the customer's view changes (the hub pushes
/// a watched customer only when something it shows changed: score, grade, stage, segments, tier or identity). The
/// latency is from sending that event to receiving the pushed <c>customer</c> message whose view counts it
/// (<see cref="DashboardProbes"/>). The probes travel the same path as
/// the load (validation, the durable event log, the actors, the push loop), so the figure includes the queues the
/// load builds. The server's own figure (<c>pushLatencyMs</c> of each <c>update</c>: oldest event received → push) is
/// recorded beside it.
/// </summary>
public sealed class DashboardDriver(GrpcChannel channel, Uri dashboard, DashboardProbes probes, RunStats stats, TimeProvider time) : IAsyncDisposable
{
    private static readonly Method<TrackRequest, TrackResponse> Track = Method<TrackRequest, TrackResponse>.FromDescriptor(
        IngestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Ingest").FindMethodByName("Track"));

    private readonly CancellationTokenSource _disposed = new();
    private HubConnection? _connection;
    private long _reconnections;
    private long _nextEvent;
    private long _updates;

    /// <summary>Times the client connected again after the hub dropped it.</summary>
    public long Reconnections => Interlocked.Read(ref _reconnections);

    /// <summary><c>snapshot</c> and <c>update</c> messages received.</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Connects, watches every probe customer, and returns once the hub answered every watch.</summary>
    public async Task ConnectAsync(CancellationToken cancellation)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, "hubs/dashboard"))
            .Build();
        connection.On<JsonElement>("customer", OnCustomer);
        connection.On<JsonElement>("update", OnUpdate);
        connection.On<JsonElement>("snapshot", OnUpdate);
        connection.Closed += OnClosedAsync;
        _connection = connection;
        await StartAndWatchAsync(cancellation);
    }

    private async Task StartAndWatchAsync(CancellationToken cancellation)
    {
        var connection = _connection!;
        await connection.StartAsync(cancellation);
        foreach (var customerId in probes.CustomerIds)
        {
            await connection.InvokeAsync<JsonElement>("Watch", customerId, cancellation);
        }
    }

    /// <summary>
    /// The hub drops a dashboard that falls behind (its queue stays full); a browser would connect again, and so does
    /// this client: it counts the drop, connects and watches again (pushes in the gap are lost: their probes miss).
    /// </summary>
    private async Task OnClosedAsync(Exception? error)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        stats.Error("dashboard", error is null ? "DroppedByServer" : "ConnectionLost");
        for (var attempt = 0; attempt < 50 && !_disposed.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, _disposed.Token);
                await StartAndWatchAsync(_disposed.Token);
                Interlocked.Increment(ref _reconnections);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException or OperationCanceledException)
            {
            }
        }

        stats.Error("dashboard", "ReconnectFailed");
    }

    /// <summary>Sends probes at <paramref name="ratePerSec"/> (open loop) for the duration.</summary>
    public Task RunAsync(double ratePerSec, TimeSpan duration, CancellationToken cancellation) =>
        OpenLoop.RunAsync(ratePerSec, duration, time, 256, ProbeAsync, status => stats.Error("probe", status), cancellation);

    private async Task ProbeAsync(long scheduled, CancellationToken cancellation)
    {
        probes.Expire();
        if (probes.Begin() is not var (customerId, sequence))
        {
            return;
        }

        var request = new TrackRequest
        {
            BatchId = (ulong)Interlocked.Increment(ref _nextEvent),
            Events =
            {
                new Event
                {
                    EventId = $"{customerId}-{sequence.ToString(CultureInfo.InvariantCulture)}",
                    CustomerId = customerId,
                    OccurredAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                    // A new email each time: the view always changes (an event that changes nothing a dashboard
                    // shows is not pushed at all), and the change is the identity kind every customer has.
                    Traits = new Traits { Email = $"{customerId}-{sequence.ToString(CultureInfo.InvariantCulture)}@probe.loadgen.example" },
                },
            },
        };
        try
        {
            using var call = channel.UnaryAsync(Track, request, new CallOptions { Timeout = TimeSpan.FromSeconds(10), CancellationToken = cancellation });
            var answer = await call.ResponseAsync;
            if (answer.Accepted != 1)
            {
                probes.Failed(customerId);
                stats.Error("probe", answer.Duplicates > 0 ? "Duplicate" : "Rejected");
            }
        }
        catch
        {
            probes.Failed(customerId);
            throw;
        }
    }

    private void OnCustomer(JsonElement message)
    {
        if (!message.TryGetProperty("customerId", out var id) || id.ValueKind != JsonValueKind.String)
        {
            stats.Error("dashboard", "MalformedCustomerMessage");
            return;
        }

        long events = 0;
        if (message.TryGetProperty("view", out var view) && view.ValueKind == JsonValueKind.Object && view.TryGetProperty("events", out var count))
        {
            // protobuf's canonical JSON writes int64 as a string
            events = count.ValueKind switch
            {
                JsonValueKind.Number => count.GetInt64(),
                JsonValueKind.String => long.Parse(count.GetString()!, CultureInfo.InvariantCulture),
                _ => 0,
            };
        }

        probes.Pushed(id.GetString()!, events);
    }

    private void OnUpdate(JsonElement message)
    {
        Interlocked.Increment(ref _updates);
        if (message.TryGetProperty("pushLatencyMs", out var latency) && latency.ValueKind == JsonValueKind.Number)
        {
            stats.ServerPush.Record((long)(latency.GetDouble() * 1000));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _disposed.Dispose();
    }
}
