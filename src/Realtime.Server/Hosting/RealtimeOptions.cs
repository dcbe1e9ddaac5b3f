using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Hosting;

/// <summary>The server's settings, bound from the <c>Realtime</c> configuration section (e.g. <c>--Realtime:GrpcPort=6001</c>).</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>The HTTP/2 (h2c) port that serves gRPC. <value>The default is 5001.</value></summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5001;

    /// <summary>The HTTP/1.1 port that serves the web pages and SignalR. <value>The default is 5000.</value></summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 5000;

    /// <summary>The address both ports listen on. <value>The default is 127.0.0.1; use 0.0.0.0 to serve other hosts.</value></summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Where the embedded SQLite store keeps its files. <value>The default is ./data.</value></summary>
    public string DataDir { get; set; } = "data";

    /// <summary>A PostgreSQL connection string; when set, PostgreSQL replaces the embedded SQLite store. <value>The default is none.</value></summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// How often, while events arrive, the server saves every changed actor and records the log position they all
    /// include: a restart after a crash replays the log from there. Longer means fewer snapshot writes under load
    /// (on SQLite they share the one write lock with ingest) and a longer replay after a crash.
    /// <value>The default is 10 seconds.</value>
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);
}
