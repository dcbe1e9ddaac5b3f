using Realtime.Contracts.V1;
using Realtime.Server.Ingest;

namespace Realtime.Server.Tests;

/// <summary>The stored bytes of a batch share chunks: each event's slice must still decode to exactly that event.</summary>
public sealed class PayloadBufferTests
{
    [Fact]
    public void Every_slice_decodes_to_its_event_across_chunk_boundaries_and_oversized_events()
    {
        var buffer = new PayloadBuffer(expectedBytes: 10_000); // far short of the batch: most chunks overflow
        var events = new List<Event>();
        for (var i = 0; i < 2_000; i++)
        {
            // Mostly small events, with one larger than a whole chunk in the middle.
            var url = i == 700 ? new string('u', 100_000) : $"https://shop.example/{i}";
            events.Add(new Event { EventId = $"e-{i}", CustomerId = $"c-{i % 17}", PageView = new PageView { Url = url } });
        }

        var slices = events.Select(buffer.Write).ToList();

        Assert.Equal(events, slices.Select(s => Event.Parser.ParseFrom(s.Span)));
        Assert.Equal(events.Select(e => e.CalculateSize()), slices.Select(s => s.Length));
        Assert.Equal(events.Sum(e => e.CalculateSize()), buffer.Written);
    }
}
