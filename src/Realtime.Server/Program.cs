using Realtime.Server.Hosting;

// gRPC on Realtime:GrpcPort (HTTP/2), web pages and SignalR on Realtime:HttpPort, data under Realtime:DataDir.
var app = RealtimeApp.Create(args);
await app.RunAsync();
