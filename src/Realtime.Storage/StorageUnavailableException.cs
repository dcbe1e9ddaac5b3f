namespace Realtime.Storage;

/// <summary>
/// The store could not make a write durable: the database failed, or did not answer within the configured
/// timeout. Nothing the call asked for was acknowledged; retrying with the same event ids is safe (duplicates
/// are recognised). The gRPC layer maps it to UNAVAILABLE.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
