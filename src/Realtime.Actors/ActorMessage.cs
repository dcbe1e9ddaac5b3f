namespace Realtime.Actors;

/// <summary>
/// One message of a batch delivered to many actors. <see cref="LogPosition"/> is the event-log position of the
/// message (0 for none); positions must increase per key. The runtime records the highest position each saved state
/// includes and skips a message whose position the state already includes (replays after a restart apply once).
/// </summary>
public readonly record struct ActorMessage<TMessage>(string Key, TMessage Message, long LogPosition = 0);

/// <summary>The outcome of a delivered batch once every message was processed.</summary>
/// <param name="Processed">Messages whose turn committed (or that the state already included).</param>
/// <param name="Failed">Messages whose turn threw or whose actor failed to activate.</param>
/// <param name="FirstError">The first failure, for the log; null when none failed.</param>
public readonly record struct DeliveryResult(int Processed, int Failed, Exception? FirstError);

/// <summary>An empty type for behaviours without changes or views.</summary>
public readonly record struct None;
