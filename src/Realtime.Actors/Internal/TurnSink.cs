namespace Realtime.Actors.Internal;

/// <summary>Who hears the outcome of a turn: an Ask's caller or a delivered batch.</summary>
internal abstract class TurnSink<TReply>
{
    public abstract void Complete(TReply reply);

    public abstract void Fail(Exception error);
}

/// <summary>The reply of one Ask; continuations run off the worker thread.</summary>
internal sealed class AskSink<TReply> : TurnSink<TReply>
{
    private readonly TaskCompletionSource<TReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TReply> Task => _reply.Task;

    public override void Complete(TReply reply) => _reply.TrySetResult(reply);

    public override void Fail(Exception error) => _reply.TrySetException(error);
}

/// <summary>Counts the outcomes of a delivered batch and completes once every message is accounted for.</summary>
internal sealed class BatchSink<TReply>(int count) : TurnSink<TReply>
{
    private readonly int _count = count;
    private readonly TaskCompletionSource<DeliveryResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = count;
    private int _failed;
    private Exception? _firstError;

    public Task<DeliveryResult> Task => _done.Task;

    public override void Complete(TReply reply) => Settle();

    public override void Fail(Exception error)
    {
        Interlocked.CompareExchange(ref _firstError, error, null);
        Interlocked.Increment(ref _failed);
        Settle();
    }

    /// <summary>Accounts for messages that were never enqueued (the caller gave up).</summary>
    public void Abandon(int count, Exception error)
    {
        for (var i = 0; i < count; i++)
        {
            Fail(error);
        }
    }

    private void Settle()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            var failed = Volatile.Read(ref _failed);
            _done.TrySetResult(new DeliveryResult(_count - failed, failed, _firstError));
        }
    }
}
