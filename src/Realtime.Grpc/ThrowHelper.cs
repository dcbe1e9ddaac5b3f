using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Realtime.Grpc;

/// <summary>Throws kept out of the hot methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    public const string MessageTooLarge = "Received message exceeds the maximum configured message size.";

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowRpc(StatusCode code, string detail) => throw new RpcException(code, detail);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T ThrowRpc<T>(StatusCode code, string detail) => throw new RpcException(code, detail);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowMessageTooLarge() => throw new RpcException(StatusCode.ResourceExhausted, MessageTooLarge);
}
