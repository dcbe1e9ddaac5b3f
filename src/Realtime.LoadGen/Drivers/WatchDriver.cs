using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Drivers;

/// <summary>Subscribes to gRPC <c>Segments.Watch</c> with membership changes and feeds them to the <see cref="PushTracker"/>.</summary>
public sealed class WatchDriver(GrpcChannel channel, PushTracker tracker, RunStats stats)
{
    private static readonly Method<WatchSegmentsRequest, SegmentUpdate> Watch = Method<WatchSegmentsRequest, SegmentUpdate>.FromDescriptor(
        SegmentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Segments").FindMethodByName("Watch"));

    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first snapshot arrived: from then on every change is seen.</summary>
    public Task Subscribed => _snapshot.Task;

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            using var call = channel.ServerStreaming(Watch, new WatchSegmentsRequest { IncludeMembershipChanges = true },
                new CallOptions { CancellationToken = cancellation });
            while (await call.ResponseStream.MoveNext(cancellation))
            {
                var update = call.ResponseStream.Current;
                switch (update.UpdateCase)
                {
                    case SegmentUpdate.UpdateOneofCase.Snapshot:
                        _snapshot.TrySetResult();
                        break;
                    case SegmentUpdate.UpdateOneofCase.Change:
                        _snapshot.TrySetResult();
                        tracker.Changed(update.Change.CustomerId);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Realtime.Grpc.RpcException ex)
        {
            if (!cancellation.IsCancellationRequested)
            {
                stats.Error("watch", ex.StatusCode.ToString());
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            stats.Error("watch", ex.GetType().Name);
        }
        finally
        {
            _snapshot.TrySetResult();
        }
    }
}
