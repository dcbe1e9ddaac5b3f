using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;

namespace Realtime.Live.Tests.Infrastructure;

/// <summary>An <see cref="ILiveSource"/> whose segments, counters and customers the test sets by hand.</summary>
public sealed class FakeLiveSource : ILiveSource
{
    private readonly Lock _gate = new();
    private readonly List<SegmentStats> _segments = [];
    private readonly List<SegmentFlow> _flows = [];
    private readonly Dictionary<string, CustomerView> _customers = new(StringComparer.Ordinal);
    private LiveCounters _counters;
    private int _captures;
    private TaskCompletionSource _captured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Captures => Volatile.Read(ref _captures);

    /// <summary>Waits (bounded) until the push loop has captured the segments at least <paramref name="count"/> times.</summary>
    public async Task WaitForCapturesAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            Task captured;
            lock (_gate)
            {
                if (_captures >= count)
                {
                    return;
                }

                captured = _captured.Task;
            }

            try
            {
                await captured.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The push loop captured {Captures} times, not {count}.");
            }
        }
    }

    public void SetSegment(string id, long size, double mean = 50, string description = "")
    {
        lock (_gate)
        {
            var stats = new SegmentStats
            {
                Id = id,
                Name = id.ToUpperInvariant(),
                Description = description,
                Size = size,
                ScoreMean = mean,
                ScoreStddev = 5,
                Matrix = { new GradeStageCell { Grade = "A", Stage = LifecycleStage.Customer, Count = size } },
            };
            var index = _segments.FindIndex(s => s.Id == id);
            if (index < 0)
            {
                _segments.Add(stats);
            }
            else
            {
                _segments[index] = stats;
            }
        }
    }

    public void RemoveSegment(string id)
    {
        lock (_gate)
        {
            _segments.RemoveAll(s => s.Id == id);
        }
    }

    public void SetFlow(string from, string to, long count)
    {
        lock (_gate)
        {
            _flows.Clear();
            _flows.Add(new SegmentFlow { From = from, To = to, Count = count, Window = "5m" });
        }
    }

    public void SetCounters(long acceptedEvents, long customers)
    {
        lock (_gate)
        {
            _counters = new LiveCounters(acceptedEvents, customers);
        }
    }

    public void SetCustomer(string customerId, double score, string grade)
    {
        lock (_gate)
        {
            _customers[customerId] = new CustomerView { CustomerId = customerId, Score = score, Grade = grade, Stage = LifecycleStage.Prospect, Events = 3 };
        }
    }

    public ListSegmentsResponse CaptureSegments(DateTimeOffset now)
    {
        lock (_gate)
        {
            _captures++;
            _captured.TrySetResult();
            _captured = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // A fresh object each time, as the contract asks.
            return new ListSegmentsResponse
            {
                Segments = { _segments.Select(s => s.Clone()) },
                Flows = { _flows.Select(f => f.Clone()) },
                RulesetVersion = 7,
                Customers = _counters.Customers,
                AsOf = Timestamp.FromDateTimeOffset(now),
            };
        }
    }

    public LiveCounters CaptureCounters(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _counters;
        }
    }

    public ValueTask<CustomerView?> GetCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_customers.TryGetValue(customerId, out var view) ? view.Clone() : null);
        }
    }
}
