namespace Realtime.Server.Customers;

/// <summary>
/// What a visitor keeps once merged into the customer who identified them: that customer and the state it handed over
/// (serialized). The visitor itself starts empty (it has left the segments), but the customer's merged state may be
/// saved after the visitor's: if the process dies in between, the customer replays the identifying event and asks
/// again, and gets the same history instead of an emptied visitor. Erasing the visitor drops it.
/// </summary>
public sealed record MergedVisitor(string CustomerId, byte[] History);
