namespace Realtime.Grpc.Server;

internal static class ResponseChecks
{
    /// <summary>Writes the one response of a unary or client-streaming call; OK without a message would be a lie (S4).</summary>
    public static ValueTask WriteSingleAsync<TResponse>(ServerCallContext context, TResponse? response)
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        if (response is null)
        {
            ThrowHelper.ThrowRpc(StatusCode.Internal, "The handler returned no response message.");
        }

        // One flush for a unary response: Kestrel sends the message and the trailers together when the call completes.
        return context.WriteMessageAsync(response, null, flush: false, CancellationToken.None);
    }
}
