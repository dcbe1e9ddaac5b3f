using System.Runtime.InteropServices;

namespace Realtime.Actors.Internal;

/// <summary>A shard's changes emitted since the last publish; a failed turn truncates back to its mark.</summary>
internal sealed class ChangeBuffer<TChange>
{
    private readonly List<ActorChange<TChange>> _items = [];

    public int Count => _items.Count;

    public void Add(string key, in TChange change, DateTimeOffset at, long logPosition) =>
        _items.Add(new ActorChange<TChange>(key, change, at, logPosition));

    public void Truncate(int count) => _items.RemoveRange(count, _items.Count - count);

    public ReadOnlySpan<ActorChange<TChange>> AsSpan() => CollectionsMarshal.AsSpan(_items);

    public void Clear() => _items.Clear();
}
