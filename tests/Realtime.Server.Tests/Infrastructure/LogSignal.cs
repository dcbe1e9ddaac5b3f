using Microsoft.Extensions.Logging;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>Completes <see cref="Logged"/> the first time a log event with the given id is written: a phase barrier, no polling.</summary>
public sealed class LogSignal(int eventId) : ILoggerProvider
{
    private readonly TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _eventId = eventId;

    public Task Logged => _logged.Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSignal signal) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == signal._eventId)
            {
                signal._logged.TrySetResult();
            }
        }
    }
}
