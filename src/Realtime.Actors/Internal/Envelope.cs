namespace Realtime.Actors.Internal;

/// <summary>A queued message: a struct so a Tell allocates nothing; <see cref="Sink"/> is null for plain Tells.</summary>
internal readonly struct Envelope<TMessage, TReply>(string key, TMessage message, long logPosition, TurnSink<TReply>? sink)
{
    public readonly string Key = key;
    public readonly TMessage Message = message;
    public readonly long LogPosition = logPosition;
    public readonly TurnSink<TReply>? Sink = sink;
}
