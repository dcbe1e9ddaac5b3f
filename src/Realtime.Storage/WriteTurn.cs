namespace Realtime.Storage;

/// <summary>
/// A writer's turn at the database (<see cref="Database.WaitToWriteAsync"/>); disposing it lets the next writer in.
/// The default value holds nothing (PostgreSQL, which needs no turns).
/// </summary>
internal readonly struct WriteTurn(WriteGate? gate) : IDisposable
{
    public void Dispose() => gate?.Exit();
}
