using System.Globalization;
using Realtime.Actors.Persistence;
using Realtime.Storage;
using Realtime.Storage.EventLog;
using Realtime.Storage.Identity;
using Realtime.Testing;

namespace Realtime.Storage.Tests;

/// <summary>
/// The store contract, run against each vendor by a thin subclass (<see cref="SqliteStoreTests"/>,
/// <see cref="PostgresStoreTests"/>). Every test opens its own database.
/// </summary>
public abstract partial class StoreConformanceTests(IStoreTarget target)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Append_ThenRead_ReturnsEveryFieldInPositionOrder()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var records = new[] { Record("e1", "c1", 1), Record("e2", "c2", 2), Record("e3", "c1", 3) };

        var results = await store.EventLog.AppendAsync(records, default);

        Assert.All(results, r => Assert.False(r.Duplicate));
        var read = await ToListAsync(store.EventLog.ReadAllAsync(0, 100, default));
        Assert.Equal(["e1", "e2", "e3"], read.Select(r => r.EventId));
        Assert.Equal(results.Select(r => r.Position), read.Select(r => r.Position));
        var first = read[0];
        Assert.Equal("c1", first.ActorKey);
        Assert.Equal(T0.AddSeconds(1), first.OccurredAt);
        Assert.Equal("page_view", first.EventType);
        Assert.Equal(Payload(1), first.Payload);
    }

    [Fact]
    public async Task Text_BeyondAsciiAndLongerThanAnyScratchBuffer_RoundTrips_AndStaysOneKey()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var longId = "évènement-日本-😀-" + new string('x', 5_000);
        var key = "clïent-ß-" + new string('k', 700);

        var first = await store.EventLog.AppendAsync([Record(longId, key, 1), Record("e-ascii", key, 2)], default);
        var retry = await store.EventLog.AppendAsync([Record(longId, key, 1)], default);

        Assert.Equal(new AppendResult(first[0].Position, Duplicate: true), retry[0]);
        var read = await ToListAsync(store.EventLog.ReadAllAsync(0, 100, default));
        Assert.Equal([longId, "e-ascii"], read.Select(r => r.EventId));
        Assert.All(read, r => Assert.Equal(key, r.ActorKey));

        var actor = new ActorId("customer", key);
        await store.ActorStates.WriteAsync([new StateWrite(actor, new byte[] { 7 }, 0, first[1].Position, null)], default);
        var update = await store.ActorStates.WriteAsync([new StateWrite(actor, new byte[] { 8 }, 1, first[1].Position, null)], default);
        Assert.Equal(new WriteResult(false, 2), update[0]);
        Assert.Equal(new byte[] { 8 }, (await store.ActorStates.ReadAsync(actor, default))!.Payload.ToArray());
    }

    [Fact]
    public async Task Append_PositionsIncreaseWithinAndAcrossBatches()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var positions = new List<long>();
        for (var batch = 0; batch < 5; batch++)
        {
            var results = await store.EventLog.AppendAsync(Records($"b{batch}", 37), default);
            positions.AddRange(results.Select(r => r.Position));
        }

        Assert.Equal(185, positions.Count);
        Assert.All(positions.Zip(positions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} follows {pair.First}"));
    }

    [Fact]
    public async Task Append_DuplicateOfEarlierBatch_IsAnsweredDuplicateOfItsPosition()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var first = await store.EventLog.AppendAsync([Record("e1", "c1", 1), Record("e2", "c1", 2)], default);

        var retry = await store.EventLog.AppendAsync([Record("e2", "c1", 2), Record("e3", "c1", 3)], default);

        Assert.Equal(new AppendResult(first[1].Position, Duplicate: true), retry[0]);
        Assert.False(retry[1].Duplicate);
        Assert.Equal(3, (await ToListAsync(store.EventLog.ReadAllAsync(0, 100, default))).Count);
    }

    [Fact]
    public async Task Append_DuplicateWithinOneBatch_StoresTheFirstOnly()
    {
        await using var store = await OpenAsync(target.NewDatabase());

        var results = await store.EventLog.AppendAsync([Record("e1", "c1", 1), Record("e2", "c1", 2), Record("e1", "c1", 1)], default);

        Assert.False(results[0].Duplicate);
        Assert.Equal(new AppendResult(results[0].Position, Duplicate: true), results[2]);
        var read = await ToListAsync(store.EventLog.ReadAllAsync(0, 100, default));
        Assert.Equal(["e1", "e2"], read.Select(r => r.EventId));
    }

    [Fact]
    public async Task Append_DuplicateAfterReopen_IsRecognised_AndPositionsKeepIncreasing()
    {
        var options = target.NewDatabase();
        IReadOnlyList<AppendResult> first;
        await using (var store = await OpenAsync(options))
        {
            first = await store.EventLog.AppendAsync(Records("a", 10), default);
        }

        await using (var reopened = await OpenAsync(options))
        {
            var retry = await reopened.EventLog.AppendAsync([.. Records("a", 10), Record("new", "c9", 9)], default);

            Assert.Equal(first.Select(r => new AppendResult(r.Position, true)), retry.Take(10));
            Assert.False(retry[10].Duplicate);
            Assert.True(retry[10].Position > first.Max(r => r.Position));
        }
    }

    [Fact]
    public async Task Checkpoint_NoneAtFirst_ThenTheLastWrittenSurvivesReopen()
    {
        var options = target.NewDatabase();
        await using (var store = await OpenAsync(options))
        {
            Assert.Equal(0, await store.EventLog.ReadCheckpointAsync(default));
            await store.EventLog.WriteCheckpointAsync(41, default);
            await store.EventLog.WriteCheckpointAsync(57, default);
        }

        await using var reopened = await OpenAsync(options);
        Assert.Equal(57, await reopened.EventLog.ReadCheckpointAsync(default));
    }

    [Fact]
    public async Task Append_ManyConcurrentCallers_AreGroupCommitted_AndEachStoredOnce()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        const int Callers = 64;
        const int PerCaller = 20;
        const int BatchSize = 25;

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var results = new List<AppendResult>();
            for (var batch = 0; batch < PerCaller; batch++)
            {
                results.AddRange(await store.EventLog.AppendAsync(Records($"c{caller}-b{batch}", BatchSize), default));
            }

            return results;
        })));

        var all = acknowledged.SelectMany(r => r).ToList();
        Assert.Equal(Callers * PerCaller * BatchSize, all.Count);
        Assert.All(all, r => Assert.False(r.Duplicate));
        Assert.Equal(all.Count, all.Select(r => r.Position).Distinct().Count());
        var stored = await ToListAsync(store.EventLog.ReadAllAsync(0, int.MaxValue, default));
        Assert.Equal(all.Count, stored.Count);
        Assert.Equal(stored.Count, stored.Select(r => r.EventId).Distinct().Count());
        Assert.True(store.EventLog.CommitCount < Callers * PerCaller, $"{store.EventLog.CommitCount} commits for {Callers * PerCaller} appends: nothing was grouped.");
    }

    [Fact]
    public async Task ReadActor_AfterPosition_ReturnsOnlyThatKeysLaterRecords()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var results = await store.EventLog.AppendAsync(
            [Record("e1", "c1", 1), Record("e2", "c2", 2), Record("e3", "c1", 3), Record("e4", "c1", 4), Record("e5", "c2", 5)], default);

        var replay = await ToListAsync(store.EventLog.ReadActorAsync("c1", results[0].Position, default));

        Assert.Equal(["e3", "e4"], replay.Select(r => r.EventId));
        Assert.Empty(await ToListAsync(store.EventLog.ReadActorAsync("nobody", 0, default)));
    }

    [Fact]
    public async Task ReadAll_PagesPastThePageSize_InPositionOrder()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var results = await store.EventLog.AppendAsync(Records("p", 5000), default);

        var afterFirst = await ToListAsync(store.EventLog.ReadAllAsync(results[0].Position, int.MaxValue, default));
        var limited = await ToListAsync(store.EventLog.ReadAllAsync(0, 10, default));

        Assert.Equal(results.Skip(1).Select(r => r.Position), afterFirst.Select(r => r.Position));
        Assert.Equal(results.Take(10).Select(r => r.Position), limited.Select(r => r.Position));
    }

    [Fact]
    public async Task Compact_DeletesOnlyRecordsCoveredBySnapshotsAndOlderThanRetention()
    {
        var clock = new FakeTimeProvider(T0.AddDays(30));
        var options = target.NewDatabase();
        options.LogRetention = TimeSpan.FromDays(7);
        await using var store = await OpenAsync(options, clock);
        var old = await store.EventLog.AppendAsync([Record("o1", "c1", 1), Record("o2", "c1", 2), Record("o3", "c1", 3), Record("o4", "c2", 4)], default);
        var recent = await store.EventLog.AppendAsync([new EventRecord("r1", "c1", T0.AddDays(29), "page_view", Payload(5))], default);
        await store.ActorStates.WriteAsync(
            [
                new StateWrite(new ActorId("customer", "c1"), new byte[] { 1 }, 0, recent[0].Position, null),
                new StateWrite(new ActorId("other", "c2"), new byte[] { 2 }, 0, old[3].Position, null),
            ],
            default);
        // c1's snapshot covers everything, but r1 is within retention; c2 has no "customer" snapshot.

        var deleted = await store.EventLog.CompactAsync("customer", default);

        Assert.Equal(3, deleted);
        var left = await ToListAsync(store.EventLog.ReadAllAsync(0, 100, default));
        Assert.Equal(["o4", "r1"], left.Select(r => r.EventId));
    }

    [Fact]
    public async Task StateWrite_VersionConflict_FailsOnlyThatWrite()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var a = new ActorId("customer", "a");
        var b = new ActorId("customer", "b");
        var c = new ActorId("customer", "c");
        var first = await store.ActorStates.WriteAsync([new StateWrite(a, new byte[] { 1 }, 0, 10, null), new StateWrite(b, new byte[] { 2 }, 0, 11, null)], default);
        Assert.Equal([new WriteResult(false, 1), new WriteResult(false, 1)], first);

        var second = await store.ActorStates.WriteAsync(
            [
                new StateWrite(a, new byte[] { 3 }, 1, 20, null),   // expected version matches
                new StateWrite(b, new byte[] { 4 }, 0, 21, null),   // stale: b exists at version 1
                new StateWrite(c, new byte[] { 5 }, 7, 22, null),   // stale: c was never saved
            ],
            default);

        Assert.Equal(new WriteResult(false, 2), second[0]);
        Assert.True(second[1].Conflict);
        Assert.True(second[2].Conflict);
        var storedA = await store.ActorStates.ReadAsync(a, default);
        Assert.NotNull(storedA);
        Assert.Equal((2L, 20L), (storedA.Version, storedA.LogPosition));
        Assert.Equal(new byte[] { 3 }, storedA.Payload.ToArray());
        var storedB = await store.ActorStates.ReadAsync(b, default);
        Assert.Equal((1L, 11L), (storedB!.Version, storedB.LogPosition));
        Assert.Null(await store.ActorStates.ReadAsync(c, default));
    }

    [Fact]
    public async Task ReadDue_ReturnsActorsDueByThenInDueOrder_AndSurvivesReopen()
    {
        var options = target.NewDatabase();
        await using (var store = await OpenAsync(options))
        {
            await store.ActorStates.WriteAsync(
                [
                    new StateWrite(new ActorId("customer", "late"), new byte[] { 1 }, 0, 1, T0.AddHours(3)),
                    new StateWrite(new ActorId("customer", "early"), new byte[] { 1 }, 0, 1, T0.AddHours(1)),
                    new StateWrite(new ActorId("customer", "never"), new byte[] { 1 }, 0, 1, null),
                    new StateWrite(new ActorId("customer", "mid"), new byte[] { 1 }, 0, 1, T0.AddHours(2)),
                ],
                default);
        }

        await using var reopened = await OpenAsync(options);
        var due = await ToListAsync(reopened.ActorStates.ReadDueAsync(T0.AddHours(2), default));

        Assert.Equal([new DueActor(new ActorId("customer", "early"), T0.AddHours(1)), new DueActor(new ActorId("customer", "mid"), T0.AddHours(2))], due);
    }

    [Fact]
    public async Task StateDelete_RemovesStateAndDueTime()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var id = new ActorId("customer", "x");
        await store.ActorStates.WriteAsync([new StateWrite(id, new byte[] { 1 }, 0, 1, T0)], default);

        await store.ActorStates.DeleteAsync(id, default);

        Assert.Null(await store.ActorStates.ReadAsync(id, default));
        Assert.Empty(await ToListAsync(store.ActorStates.ReadDueAsync(T0.AddDays(1), default)));
    }

    [Fact]
    public async Task Erase_RemovesStateLogAndIdentity_AndRecordsAnAudit_ExportShowsWhatIsHeld()
    {
        var clock = new FakeTimeProvider(T0);
        await using var store = await OpenAsync(target.NewDatabase(), clock);
        await store.EventLog.AppendAsync([Record("e1", "c1", 1), Record("e2", "c2", 2), Record("e3", "c1", 3)], default);
        await store.ActorStates.WriteAsync([new StateWrite(new ActorId("customer", "c1"), new byte[] { 9 }, 0, 3, T0)], default);
        await store.Identities.UpsertAsync("c1", [new IdentityKey(IdentityKind.Email, "ann@example.com")], default);

        var export = await store.Privacy.ExportAsync("c1", "dpo@example.com", "access request", default);
        Assert.Equal(["e1", "e3"], export.Events.Select(e => e.EventId));
        Assert.Equal(new byte[] { 9 }, Assert.Single(export.States).State.Payload.ToArray());
        Assert.Equal([new IdentityKey(IdentityKind.Email, "ann@example.com")], export.IdentityKeys);

        clock.Advance(TimeSpan.FromMinutes(5));
        var report = await store.Privacy.EraseAsync("c1", "dpo@example.com", "erasure request", default);

        Assert.Equal((1, 2, 1), (report.States, report.Events, report.IdentityKeys));
        Assert.Null(await store.ActorStates.ReadAsync(new ActorId("customer", "c1"), default));
        Assert.Empty(await ToListAsync(store.EventLog.ReadActorAsync("c1", 0, default)));
        Assert.Null(await store.Identities.ResolveAsync(new IdentityKey(IdentityKind.Email, "ann@example.com"), default));
        Assert.Single(await ToListAsync(store.EventLog.ReadActorAsync("c2", 0, default)));
        var audit = await store.Privacy.ReadAuditAsync("c1", default);
        Assert.Equal(["export", "erase"], audit.Select(a => a.Action));
        var erase = audit[1];
        Assert.Equal(("dpo@example.com", "erasure request", T0.AddMinutes(5)), (erase.RequestedBy, erase.Reason, erase.RecordedAt));
        Assert.Equal("states=1;events=2;identity_keys=1", erase.Detail);
        Assert.DoesNotContain("ann@example.com", erase.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAndErase_WhileOtherCustomersAppend_TouchOnlyTheirCustomer()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var position = 0;
        for (var batch = 0; batch < 20; batch++)
        {
            await store.EventLog.AppendAsync(
                [.. Enumerable.Range(0, 50).Select(i => Record(Id("old", batch, i), i % 10 == 0 ? "c1" : Id("other", 0, i), ++position))], default);
        }

        // Others keep appending while the export and the erase scan the log and delete by position.
        var appended = 0;
        var appending = Task.Run(async () =>
        {
            for (var batch = 0; batch < 40; batch++)
            {
                await store.EventLog.AppendAsync([.. Enumerable.Range(0, 25).Select(i => Record(Id("new", batch, i), Id("other", 0, i), 0))], default);
                Interlocked.Add(ref appended, 25);
            }
        });

        var export = await store.Privacy.ExportAsync("c1", "dpo@example.com", "access request", default);
        var report = await store.Privacy.EraseAsync("c1", "dpo@example.com", "erasure request", default);
        await appending;

        Assert.Equal(100, export.Events.Count);
        Assert.All(export.Events, e => Assert.Equal("c1", e.ActorKey));
        Assert.Equal(100, report.Events);
        Assert.Empty(await ToListAsync(store.EventLog.ReadActorAsync("c1", 0, default)));
        Assert.Equal(900 + appended, (await ToListAsync(store.EventLog.ReadAllAsync(0, int.MaxValue, default))).Count);
    }

    [Fact]
    public async Task IdentityIndex_ResolvesKeysAfterReopen_MovesAClaimedKey_AndRemovesACustomer()
    {
        var options = target.NewDatabase();
        var email = new IdentityKey(IdentityKind.Email, "bob@example.com");
        var phone = new IdentityKey(IdentityKind.Phone, "+33600000000");
        var anonymous = new IdentityKey(IdentityKind.AnonymousId, "anon-1");
        await using (var store = await OpenAsync(options))
        {
            await store.Identities.UpsertAsync("anon-customer", [anonymous], default);
            await store.Identities.UpsertAsync("c1", [email, phone, anonymous], default);
        }

        await using var reopened = await OpenAsync(options);
        Assert.Equal("c1", await reopened.Identities.ResolveAsync(email, default));
        Assert.Equal("c1", await reopened.Identities.ResolveAsync(phone, default));
        Assert.Equal("c1", await reopened.Identities.ResolveAsync(anonymous, default));
        Assert.Null(await reopened.Identities.ResolveAsync(new IdentityKey(IdentityKind.Email, "nobody@example.com"), default));
        Assert.Equal(3, (await reopened.Identities.ReadKeysAsync("c1", default)).Count);

        Assert.Equal(3, await reopened.Identities.RemoveCustomerAsync("c1", default));
        Assert.Null(await reopened.Identities.ResolveAsync(email, default));
    }

    [Fact]
    public async Task Open_Twice_AppliesMigrationsOnce_AndKeepsData()
    {
        var options = target.NewDatabase();
        int firstApplied;
        int version;
        await using (var store = await OpenAsync(options))
        {
            firstApplied = store.AppliedMigrations;
            version = store.SchemaVersion;
            await store.EventLog.AppendAsync([Record("e1", "c1", 1)], default);
        }

        await using var reopened = await OpenAsync(options);

        Assert.True(firstApplied >= 1);
        Assert.Equal(0, reopened.AppliedMigrations);
        Assert.Equal(version, reopened.SchemaVersion);
        Assert.Single(await ToListAsync(reopened.EventLog.ReadAllAsync(0, 10, default)));
    }

    [Fact]
    public async Task Append_WhileTheDatabaseRefusesWrites_FailsThePendingCallers_AndLosesNothingAcknowledged()
    {
        var options = target.NewDatabase();
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        await using var store = await OpenAsync(options);
        var acknowledged = await store.EventLog.AppendAsync(Records("before", 50), default);

        await using (await target.LockEventLogAsync(options))
        {
            var failing = Enumerable.Range(0, 8).Select(i => store.EventLog.AppendAsync(Records($"during{i}", 10), default).AsTask()).ToArray();
            foreach (var append in failing)
            {
                var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => append.WaitAsync(Wait));
                Assert.IsAssignableFrom<System.Data.Common.DbException>(ex.InnerException);
            }
        }

        var after = await store.EventLog.AppendAsync(Records("after", 50), default);
        var stored = (await ToListAsync(store.EventLog.ReadAllAsync(0, int.MaxValue, default))).ToDictionary(r => r.EventId, r => r.Position);
        foreach (var (record, result) in Records("before", 50).Zip(acknowledged).Concat(Records("after", 50).Zip(after)))
        {
            Assert.Equal(result.Position, stored[record.EventId]);
        }

        Assert.DoesNotContain(stored.Keys, id => id.StartsWith("during", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_WhenTheDatabaseStalls_TimesOutAsUnavailable_InsteadOfQueueing()
    {
        var options = target.NewDatabase();
        options.AppendTimeout = TimeSpan.FromSeconds(1);
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        options.MaxCommitRecords = 10;
        options.MaxPendingRecords = 20;
        await using var store = await OpenAsync(options);

        await using (await target.LockEventLogAsync(options))
        {
            // The first batch is stuck in its commit; the next fill the pending budget; the last wait for room.
            var appends = Enumerable.Range(0, 4).Select(i => store.EventLog.AppendAsync(Records($"stall{i}", 10), default).AsTask()).ToArray();
            foreach (var append in appends)
            {
                var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => append.WaitAsync(Wait));
                Assert.IsType<TimeoutException>(ex.InnerException);
            }

            Assert.True(store.EventLog.PendingRecords <= options.MaxPendingRecords, $"{store.EventLog.PendingRecords} records pending");
        }
    }

    [Fact]
    public async Task Open_WithInvalidOptions_NamesTheSetting()
    {
        var options = target.NewDatabase();
        options.MaxCommitRecords = 0;

        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RealtimeStore.OpenAsync(options, TimeProvider.System));

        Assert.Contains("Realtime:MaxCommitRecords", ex.Message, StringComparison.Ordinal);
    }

    private static Task<RealtimeStore> OpenAsync(StorageOptions options, TimeProvider? clock = null) =>
        RealtimeStore.OpenAsync(options, clock ?? TimeProvider.System);

    private static EventRecord Record(string eventId, string actorKey, int n) =>
        new(eventId, actorKey, T0.AddSeconds(n), "page_view", Payload(n));

    private static EventRecord[] Records(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Record(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"), $"c{i % 7}", i))];

    private static string Id(string prefix, int batch, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{batch}-{i}");

    private static byte[] Payload(int n) => [.. Enumerable.Range(0, 100).Select(i => (byte)(i + n))];

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
