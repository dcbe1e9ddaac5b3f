using Realtime.Grpc;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Open-loop scheduling: operation i is due at start + i/rate whatever happened to the ones before, and its latency
/// is measured from that due time (not from when it could finally be sent), so a slow server cannot hide its stalls
/// (no coordinated omission). At most <paramref name="maxOutstanding"/> operations run at once; a late operation
/// waits for a slot and its wait counts in its latency.
/// </summary>
public static class OpenLoop
{
    public static async Task RunAsync(
        double ratePerSec, TimeSpan duration, TimeProvider time, int maxOutstanding,
        Func<long, CancellationToken, Task> operation, Action<string> onError, CancellationToken cancellation)
    {
        if (ratePerSec <= 0)
        {
            return;
        }

        using var slots = new SemaphoreSlim(maxOutstanding);
        var running = new List<Task>();
        var start = time.GetTimestamp();
        var interval = 1.0 / ratePerSec;
        try
        {
            for (long i = 0; !cancellation.IsCancellationRequested; i++)
            {
                var dueAt = TimeSpan.FromSeconds(i * interval);
                if (dueAt >= duration)
                {
                    break;
                }

                var wait = dueAt - time.GetElapsedTime(start);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, time, cancellation);
                }

                await slots.WaitAsync(cancellation);
                var scheduled = start + (long)(dueAt.TotalSeconds * time.TimestampFrequency);
                running.Add(RunOneAsync(scheduled));
                if (running.Count > 4 * maxOutstanding)
                {
                    running.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);

        async Task RunOneAsync(long scheduled)
        {
            try
            {
                await operation(scheduled, cancellation);
            }
            catch (RpcException ex) when (!cancellation.IsCancellationRequested || ex.StatusCode != StatusCode.Cancelled)
            {
                onError(ex.StatusCode.ToString());
            }
            catch (Exception ex) when (cancellation.IsCancellationRequested && ex is RpcException or OperationCanceledException)
            {
                // Stopped (Ctrl+C): an interrupted call is not a server error.
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                onError(ex.GetType().Name);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
