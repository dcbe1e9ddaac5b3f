using System.Diagnostics.CodeAnalysis;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>Throws kept out of hot methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowStopped(ActorId id) => throw new ActorRuntimeStoppedException(id);
}
