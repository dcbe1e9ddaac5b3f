using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Streams batches over <c>Ingest.TrackStream</c>: <c>streams</c> concurrent streams, each with at most
/// <c>inflight</c> unanswered batches, paced to <c>rate</c> events/s over all streams (0 = as fast as acks allow).
/// Sending stops at the duration; each stream then completes its requests and waits (at most 10 s) for its answers.
/// A failed stream is counted under its status, its unanswered batches are dropped, and a new stream is opened.
/// </summary>
public sealed class IngestDriver(GrpcChannel channel, WorkloadGenerator generator, KnownCustomers known, PushTracker push, RunStats stats, TimeProvider time)
{
    /// <summary>Send every customer's first event once (<see cref="WorkloadGenerator.NextTouchBatch"/>), then stop.</summary>
    public bool TouchAll { get; init; }

    private static readonly Method<TrackRequest, TrackResponse> TrackStream = Method<TrackRequest, TrackResponse>.FromDescriptor(
        IngestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Ingest").FindMethodByName("TrackStream"));

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _generatorLock = new();
    private long _nextBatchId;
    private volatile bool _exhausted;

    public async Task RunAsync(int streams, int batchSize, int inFlight, double rate, TimeSpan duration, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var perStreamRate = rate / streams;
        var tasks = Enumerable.Range(0, streams).Select(_ => Task.Run(() => StreamLoopAsync(start, batchSize, inFlight, perStreamRate, duration, cancellation), CancellationToken.None));
        await Task.WhenAll(tasks);
    }

    private async Task StreamLoopAsync(long start, int batchSize, int inFlight, double rate, TimeSpan duration, CancellationToken cancellation)
    {
        long sentEvents = 0;
        while (!cancellation.IsCancellationRequested && time.GetElapsedTime(start) < duration && !_exhausted)
        {
            sentEvents = await RunStreamAsync(start, sentEvents, batchSize, inFlight, rate, duration, cancellation);
        }
    }

    /// <summary>One stream's life; returns the events this stream slot has sent in total (for pacing).</summary>
    private async Task<long> RunStreamAsync(long start, long sentEvents, int batchSize, int inFlight, double rate, TimeSpan duration, CancellationToken cancellation)
    {
        using var streamFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var call = channel.DuplexStreaming(TrackStream, new CallOptions { CancellationToken = streamFailed.Token });
        using var slots = new SemaphoreSlim(inFlight);
        var pending = new ConcurrentDictionary<ulong, (GeneratedBatch Batch, long SentAt)>();
        var reader = Task.Run(() => ReadAcksAsync(call, pending, slots, streamFailed.Token), CancellationToken.None);
        try
        {
            while (!streamFailed.IsCancellationRequested && !reader.IsCompleted)
            {
                var elapsed = time.GetElapsedTime(start);
                if (elapsed >= duration)
                {
                    break;
                }

                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(sentEvents / rate);
                    if (due >= duration)
                    {
                        break;
                    }

                    if (due - elapsed > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(due - elapsed, time, streamFailed.Token);
                    }
                }

                await slots.WaitAsync(streamFailed.Token);
                GeneratedBatch batch;
                lock (_generatorLock)
                {
                    batch = TouchAll ? generator.NextTouchBatch(batchSize) : generator.NextBatch(batchSize);
                }

                if (batch.Request.Events.Count == 0)
                {
                    slots.Release();
                    _exhausted = true;
                    break;   // --touch-all: every customer was sent
                }

                var id = (ulong)Interlocked.Increment(ref _nextBatchId);
                batch.Request.BatchId = id;
                var sentAt = time.GetTimestamp();
                pending[id] = (batch, sentAt);
                stats.BatchSent(batch.Request.Events.Count);
                push.Sent(batch.FirstActive, sentAt);
                await call.RequestStream.WriteAsync(batch.Request, streamFailed.Token);
                sentEvents += batch.Request.Events.Count;
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (OperationCanceledException) when (streamFailed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is Realtime.Grpc.RpcException or HttpRequestException or IOException or InvalidOperationException)
        {
            // The reader sees the stream's status too; it counts the error.
        }

        // Wait for the answers still due: bounded, and cut short by Ctrl+C.
        try
        {
            await reader.WaitAsync(DrainTimeout, time, cancellation);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            if (!cancellation.IsCancellationRequested)
            {
                stats.Error("ingest", "DrainTimeout");
            }

            await streamFailed.CancelAsync();
            await reader;
        }

        stats.BatchesLost(pending.Count);
        return sentEvents;
    }

    private async Task ReadAcksAsync(AsyncDuplexStreamingCall<TrackRequest, TrackResponse> call, ConcurrentDictionary<ulong, (GeneratedBatch Batch, long SentAt)> pending, SemaphoreSlim slots, CancellationToken cancelledByUs)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var answer = call.ResponseStream.Current;
                if (!pending.TryRemove(answer.BatchId, out var sent))
                {
                    stats.Error("ingest", "UnknownBatchId");
                    continue;
                }

                stats.BatchAck.RecordElapsed(time.GetElapsedTime(sent.SentAt));
                stats.BatchAcked(answer.Accepted, answer.Duplicates, answer.Rejected);
                foreach (var result in answer.Results)
                {
                    if (result.Outcome == EventOutcome.Rejected)
                    {
                        stats.Rejection(result.Reason);
                    }
                }

                known.Add(sent.Batch.NewlyKnown);
                slots.Release();
            }
        }
        catch (Realtime.Grpc.RpcException) when (cancelledByUs.IsCancellationRequested)
        {
            // This stream was cancelled by us (Ctrl+C, or a drain that timed out and was counted): not a server error.
        }
        catch (Realtime.Grpc.RpcException ex)
        {
            stats.Error("ingest", ex.StatusCode.ToString());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            if (!cancelledByUs.IsCancellationRequested)
            {
                stats.Error("ingest", ex.GetType().Name);
            }
        }
        finally
        {
            slots.Release(); // wake a sender blocked on a slot so it sees the stream is over
        }
    }
}
