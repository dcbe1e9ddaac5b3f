using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.Live.Tests.Infrastructure;

/// <summary>Sums the Realtime.Live measurements of one host (its own IMeterFactory), and lets a test wait for one.</summary>
public sealed class LiveMeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];
    private TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveMeterRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Realtime.Live" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements, optionally only those carrying a tag value.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null)
    {
        lock (_gate)
        {
            return _measurements
                .Where(m => m.Instrument == instrument && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))))
                .Sum(m => m.Value);
        }
    }

    public int Count(string instrument)
    {
        lock (_gate)
        {
            return _measurements.Count(m => m.Instrument == instrument);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds, re-checking after each measurement.</summary>
    public async Task WaitUntilAsync(Func<LiveMeterRecorder, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task recorded;
            lock (_gate)
            {
                recorded = _recorded.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await recorded.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            _measurements.Add((instrument, value, tags.ToArray()));
            _recorded.TrySetResult();
            _recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
