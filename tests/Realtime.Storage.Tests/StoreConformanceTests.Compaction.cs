using Realtime.Actors;
using Realtime.Actors.Persistence;
using Realtime.Testing;

namespace Realtime.Storage.Tests;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Append_DuplicatesOfRecordsBeingCompacted_AreEitherDuplicatesOrStoredAgain_NeverAFailure()
    {
        // PostgreSQL reads committed rows: a record the insert collided with may be deleted by a compaction before
        // the appender looks it up. Several rounds, as it is a race.
        for (var round = 0; round < 3; round++)
        {
            var clock = new FakeTimeProvider(T0.AddDays(30));
            var options = target.NewDatabase();
            options.LogRetention = TimeSpan.FromDays(7);
            await using var store = await OpenAsync(options, clock);
            var records = Records($"compacted-{round}", 2_000);
            var first = await store.EventLog.AppendAsync(records, default);
            var covered = first.Max(r => r.Position);
            await store.ActorStates.WriteAsync(
                [.. Enumerable.Range(0, 7).Select(i => new StateWrite(new ActorId("customer", $"c{i}"), new byte[] { 1 }, 0, covered, null))],
                default);

            var compaction = Task.Run(() => store.EventLog.CompactAsync("customer", default));
            var resends = records.Chunk(250).Select(chunk => Task.Run(() => store.EventLog.AppendAsync(chunk, default).AsTask())).ToArray();
            await Task.WhenAll(resends).WaitAsync(Wait);
            await compaction.WaitAsync(Wait);

            var answers = resends.SelectMany(t => t.Result).ToArray();
            var left = await ToListAsync(store.EventLog.ReadAllAsync(0, 10_000, default));
            Assert.Equal(left.Count, left.Select(r => r.EventId).Distinct().Count());
            Assert.Equal(answers.Count(a => !a.Duplicate), left.Count(r => r.Position > covered));
            Assert.All(answers.Where(a => !a.Duplicate), a => Assert.True(a.Position > covered, $"round {round}: a stored resend must take a new position"));
        }
    }
}
