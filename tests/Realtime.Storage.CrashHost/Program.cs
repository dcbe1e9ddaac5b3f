using System.Globalization;
using System.Text;
using Realtime.Storage;
using Realtime.Storage.EventLog;

// Usage: Realtime.Storage.CrashHost <data dir> <run id>
// Appends batches from several concurrent writers until killed, and prints "ack <event id> <position>" for every
// record whose append was acknowledged, after the acknowledgement ("end" marks a line the kill did not cut). Output is flushed per batch, so whatever the
// parent has read was acknowledged before the kill.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Realtime.Storage.CrashHost <data dir> <run id>");
    return 2;
}

var options = new StorageOptions { DataDir = args[0], MaxCommitRecords = 4096 };
var runId = args[1];
await using var store = await RealtimeStore.OpenAsync(options, TimeProvider.System);
var output = Console.Out;
var outputGate = new Lock();
Console.WriteLine("ready");

const int Writers = 4;
const int BatchSize = 50;
var payload = new byte[100];
var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
{
    var text = new StringBuilder();
    for (var batch = 0; ; batch++)
    {
        var records = new EventRecord[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            records[i] = new EventRecord(
                string.Create(CultureInfo.InvariantCulture, $"{runId}-{writer}-{batch}-{i}"),
                string.Create(CultureInfo.InvariantCulture, $"customer-{(batch * BatchSize + i) % 97}"),
                TimeProvider.System.GetUtcNow(),
                "page_view",
                payload);
        }

        var results = await store.EventLog.AppendAsync(records, CancellationToken.None);
        text.Clear();
        for (var i = 0; i < BatchSize; i++)
        {
            text.Append("ack ").Append(records[i].EventId).Append(' ').Append(results[i].Position).Append(" end\n");
        }

        lock (outputGate)
        {
            output.Write(text);
            output.Flush();
        }
    }
})).ToArray();

await Task.WhenAll(writers);
return 0;
