namespace Realtime.Live;

/// <summary>
/// Ends a <see cref="LiveFeed.SubscribeSegments"/> reader that fell behind by more than its capacity. The server
/// should end the gRPC call with RESOURCE_EXHAUSTED; the client watches again and starts from a fresh snapshot.
/// </summary>
public sealed class LiveSubscriptionOverflowException : Exception
{
    public LiveSubscriptionOverflowException()
        : base("The segment watcher fell behind and was dropped; watch again for a fresh snapshot.")
    {
    }

    public LiveSubscriptionOverflowException(string message)
        : base(message)
    {
    }

    public LiveSubscriptionOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal LiveSubscriptionOverflowException(int capacity)
        : base($"The segment watcher fell behind by more than {capacity} updates and was dropped; watch again for a fresh snapshot.")
    {
    }
}
