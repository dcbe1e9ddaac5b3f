using Realtime.Grpc.BenchHost;

// serve  [--grpc-port N] [--bare-port N]                gRPC (health, bench echo) and a bare Kestrel endpoint; prints the ports.
// stream --port N [--seconds S] [--calls C] [--label L] bidi echo through the .NET client; prints messages/s.
// unary  --port N [--seconds S] [--calls C] [--label L] unary calls through the .NET client; prints calls/s.
// Either port works for stream and unary: the bare endpoint answers them with the same bytes, without the gRPC layer.
var options = CommandLine.Parse(args);
return options.Command switch
{
    "serve" => await BenchServer.RunAsync(options),
    "stream" => await StreamingLoad.RunAsync(options),
    "unary" => await UnaryLoad.RunAsync(options),
    _ => CommandLine.Usage(),
};
