using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Subscribes to gRPC <c>Segments.Watch</c> with membership changes and feeds them to the <see cref="PushTracker"/>.
/// When the server ends the subscription (e.g. RESOURCE_EXHAUSTED for a subscriber that fell behind) the error is
/// counted, the waiting stamps are dropped (changes in the gap were missed) and it subscribes again.
/// </summary>
public sealed class WatchDriver(GrpcChannel channel, PushTracker tracker, RunStats stats, TimeProvider time)
{
    private static readonly Method<WatchSegmentsRequest, SegmentUpdate> Watch = Method<WatchSegmentsRequest, SegmentUpdate>.FromDescriptor(
        SegmentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Segments").FindMethodByName("Watch"));

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first snapshot arrived (or the first attempt failed): from then on every change is seen.</summary>
    public Task Subscribed => _snapshot.Task;

    /// <summary>Subscriptions made (1 + reconnections).</summary>
    public int Subscriptions { get; private set; }

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                Subscriptions++;
                await WatchOnceAsync(cancellation);
                _snapshot.TrySetResult();
                tracker.Clear();
                await Task.Delay(RetryDelay, time, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            _snapshot.TrySetResult();
        }
    }

    private async Task WatchOnceAsync(CancellationToken cancellation)
    {
        try
        {
            using var call = channel.ServerStreaming(Watch, new WatchSegmentsRequest { IncludeMembershipChanges = true },
                new CallOptions { CancellationToken = cancellation });
            while (await call.ResponseStream.MoveNext(cancellation))
            {
                var update = call.ResponseStream.Current;
                if (update.UpdateCase is SegmentUpdate.UpdateOneofCase.Snapshot or SegmentUpdate.UpdateOneofCase.Change)
                {
                    _snapshot.TrySetResult();
                }

                if (update.UpdateCase == SegmentUpdate.UpdateOneofCase.Change)
                {
                    tracker.Changed(update.Change.CustomerId, update.Change.At.ToDateTimeOffset());
                }
            }

            if (!cancellation.IsCancellationRequested)
            {
                stats.Error("watch", "EndedByServer");
            }
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested && ex is Realtime.Grpc.RpcException or OperationCanceledException)
        {
        }
        catch (Realtime.Grpc.RpcException ex)
        {
            stats.Error("watch", ex.StatusCode.ToString());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            stats.Error("watch", ex.GetType().Name);
        }
    }
}
