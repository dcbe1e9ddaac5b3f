using System.Net;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Hosting;

/// <summary>Fails start-up with messages that name the setting to fix.</summary>
public sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions options)
    {
        var errors = new List<string>();
        if (options.GrpcPort is < 0 or > 65535)
        {
            errors.Add($"Realtime:GrpcPort must be a port number (0-65535), not {options.GrpcPort}.");
        }

        if (options.HttpPort is < 0 or > 65535)
        {
            errors.Add($"Realtime:HttpPort must be a port number (0-65535), not {options.HttpPort}.");
        }

        if (options.GrpcPort != 0 && options.GrpcPort == options.HttpPort)
        {
            errors.Add($"Realtime:GrpcPort and Realtime:HttpPort must differ (both are {options.GrpcPort}): gRPC needs an HTTP/2-only port, the web pages HTTP/1.1.");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _) && options.ListenAddress != "localhost")
        {
            errors.Add($"Realtime:ListenAddress must be an IP address or 'localhost', not '{options.ListenAddress}'.");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add($"Realtime:CheckpointInterval must be positive, not {options.CheckpointInterval}.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("Realtime:DataDir must name a folder for the embedded store.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
