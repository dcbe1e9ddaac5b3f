using System.Net;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Realtime.Grpc.Hosting;

namespace Realtime.Server.Hosting;

/// <summary>Builds the server: the two listeners, the services, and the request pipeline.</summary>
public static class RealtimeApp
{
    /// <param name="args">Command-line arguments, e.g. <c>--Realtime:GrpcPort=6001</c>.</param>
    /// <param name="configure">Lets tests replace services (the clock, the stores) before the app is built.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Below every other source, so appsettings, environment and command line still win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var options = ReadOptions(builder.Configuration);
        var endpoints = new BoundEndpoints();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = options.ListenAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
            kestrel.ListenGrpc(address, options.GrpcPort, listen => endpoints.Grpc = listen);
            kestrel.Listen(address, options.HttpPort, listen => endpoints.Http = listen);
        });

        builder.Services.AddSingleton(endpoints);
        builder.AddRealtimeServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRealtimeGrpc();
        app.MapRealtimeWeb();
        return app;
    }

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // A log line per request would cost more than a look-up does.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

        // Snapshots only bound replay (the log is the truth) and the checkpoint saves every changed customer each
        // 10 s anyway: saving a busy customer every second only multiplied the writes.
        ["Realtime:Actors:SaveInterval"] = "00:00:10",
    };

    // Kestrel's listeners are configured before options validation would run, so validate here with the same rules.
    private static RealtimeOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(RealtimeOptions.Section).Get<RealtimeOptions>() ?? new RealtimeOptions();
        var result = new RealtimeOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(RealtimeOptions.Section, typeof(RealtimeOptions), result.Failures);
        }

        return options;
    }
}
