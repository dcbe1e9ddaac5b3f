using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Realtime.Live.Push;

/// <summary>
/// A push loop on the injected clock: every interval, one <see cref="PushAsync"/>. A failed push is logged and the
/// next interval tries again; the loop ends with the host.
/// </summary>
internal abstract class PeriodicPushService(TimeProvider time, TimeSpan interval, string hub, ILogger logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    // Armed when the host starts (ExecuteAsync runs later, on its own task): no push interval is missed.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(interval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    internal abstract Task PushAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The push loop runs only as a started hosted service.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PushFailed(logger, hub, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
