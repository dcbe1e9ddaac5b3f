using Grpc.Health.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Client;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

public sealed class HostingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private static readonly Method<ValidateRulesRequest, ValidationResult> RulesValidate =
        Method<ValidateRulesRequest, ValidationResult>.FromDescriptor(RulesReflection.Descriptor.Services[0].FindMethodByName("Validate"));

    [Fact]
    public async Task HealthCheck_OverallServer_IsServing()
    {
        var response = await server.Channel.UnaryAsync(HealthCheck, new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Listeners_GrpcAndHttp_AreDistinctPorts()
    {
        using var http = new HttpClient();

        var body = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/healthz");

        Assert.Equal("ok", body);
        Assert.NotEqual(server.GrpcPort, server.HttpPort);
    }

    [Fact]
    public async Task Create_WithoutSettings_UsesTheDocumentedDefaults()
    {
        // Built, never started: no port is bound and no data folder created.
        await using var app = Hosting.RealtimeApp.Create([]);

        var options = app.Services.GetRequiredService<IOptions<Hosting.RealtimeOptions>>().Value;
        Assert.Equal(5001, options.GrpcPort);
        Assert.Equal(5000, options.HttpPort);
        Assert.Equal(Path.GetFullPath("./data"), Path.GetFullPath(options.DataDir));

        // The listeners Kestrel would open: reading its options runs the endpoint configuration, without binding.
        _ = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<Hosting.BoundEndpoints>();
        Assert.Equal(5001, endpoints.GrpcPort);
        Assert.Equal(5000, endpoints.HttpPort);
    }

    [Fact]
    public void Create_SamePortForGrpcAndHttp_FailsNamingBothSettings()
    {
        var error = Assert.ThrowsAny<Exception>(() => Hosting.RealtimeApp.Create(["--Realtime:GrpcPort=7000", "--Realtime:HttpPort=7000"]));

        Assert.Contains("Realtime:GrpcPort and Realtime:HttpPort must differ", error.Message);
    }

    [Fact]
    public void Create_ZeroCheckpointInterval_FailsNamingTheSetting()
    {
        var error = Assert.ThrowsAny<Exception>(() => Hosting.RealtimeApp.Create(["--Realtime:CheckpointInterval=00:00:00"]));

        Assert.Contains("Realtime:CheckpointInterval must be positive", error.Message);
    }

    [Fact]
    public async Task UnknownService_AnswersUnimplemented()
    {
        var method = new Method<ValidateRulesRequest, ValidationResult>(MethodType.Unary, "realtime.v1.Nope", "Validate", ValidationResult.Parser);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(method, new ValidateRulesRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
