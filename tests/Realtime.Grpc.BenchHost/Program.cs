using Realtime.Grpc.BenchHost;

// serve  [--grpc-port N] [--bare-port N]      gRPC (health, bench echo) and a bare Kestrel endpoint; prints the ports.
// stream --port N [--seconds S] [--calls C]   bidi echo through the .NET client; prints messages/s.
// unary  --port N [--seconds S] [--calls C]   unary calls through the .NET client; prints calls/s.
var options = CommandLine.Parse(args);
return options.Command switch
{
    "serve" => await BenchServer.RunAsync(options),
    "stream" => await StreamingLoad.RunAsync(options),
    "unary" => await UnaryLoad.RunAsync(options),
    _ => CommandLine.Usage(),
};
