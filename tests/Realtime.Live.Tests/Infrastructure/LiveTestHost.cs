using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Testing;

namespace Realtime.Live.Tests.Infrastructure;

/// <summary>A minimal web app on Kestrel (127.0.0.1, any port) with the live hubs, a fake source and a fake clock.</summary>
public sealed class LiveTestHost : IAsyncDisposable
{
    private LiveTestHost(WebApplication app, FakeTimeProvider clock, FakeLiveSource source, Uri baseUri)
    {
        App = app;
        Clock = clock;
        Source = source;
        BaseUri = baseUri;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Clock { get; }

    public FakeLiveSource Source { get; }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public Uri BaseUri { get; }

    public LiveFeed Feed => App.Services.GetRequiredService<LiveFeed>();

    public LiveOptions Options => App.Services.GetRequiredService<IOptions<LiveOptions>>().Value;

    public static async Task<LiveTestHost> StartAsync(Action<LiveOptions>? configure = null)
    {
        var clock = new FakeTimeProvider();
        var source = new FakeLiveSource();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("REALTIME_TEST_LOG") == "1")
        {
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug);
        }
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ILiveSource>(source);
        builder.Services.AddRealtimeLive(options =>
        {
            // SignalR's idle timeouts may follow the fake clock: keep them out of the tests' way.
            options.ClientTimeoutInterval = TimeSpan.FromHours(1);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapRealtimeLive();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LiveTestHost(app, clock, source, new Uri(address.TrimEnd('/')));
    }

    /// <summary>Moves the fake clock by one dashboard push interval (the pressure loop ticks on the way).</summary>
    public void Push() => Clock.Advance(Options.PushInterval);

    /// <summary>Moves the fake clock by one pressure interval.</summary>
    public void PushPressure() => Clock.Advance(Options.PressureInterval);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
