// A real @microsoft/signalr client for the Realtime.Live hubs. Driven by Realtime.Live.Tests (NodeClientTests):
// it prints one line per step; the test reads them, moves its fake clock, and waits for the exit code.
//   node live-client.mjs <baseUrl> <segmentId> <expectedSize> <pressureChannel>
import * as signalR from "@microsoft/signalr";

const [baseUrl, segmentId, expectedSize, channel] = process.argv.slice(2);
const fail = (message) => {
  console.log(`FAIL ${message}`);
  process.exit(1);
};
setTimeout(() => fail("timed out after 60 s"), 60_000).unref();

const build = (path) =>
  new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}${path}`, { transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

const waitFor = (connection, target, predicate) =>
  new Promise((resolve) => {
    const handler = (payload) => {
      if (predicate(payload)) {
        connection.off(target, handler);
        resolve(payload);
      }
    };
    connection.on(target, handler);
  });

const dashboard = build("/hubs/dashboard");
const pressure = build("/hubs/pressure");
const snapshot = waitFor(dashboard, "snapshot", () => true);
const resized = waitFor(dashboard, "update", (u) => u.segments.some((s) => s.id === segmentId && s.size === Number(expectedSize)));
const suppressed = waitFor(pressure, "pressure", (batch) => batch.some((c) => c.channel === channel && c.allowedNow === false));
pressure.on("pressure", (batch) => {
  const other = batch.find((c) => c.channel !== channel);
  if (other) fail(`received a change for channel ${other.channel}`);
});

await dashboard.start();
await pressure.start();
// Completed calls prove both connections are registered before the test moves its clock.
await dashboard.invoke("Subscribe");
const subscribed = await pressure.invoke("Subscribe", [channel]);
console.log(`CONNECTED ${JSON.stringify(subscribed)}`);

const first = await snapshot;
console.log(`SNAPSHOT ${first.segments.length} segments`);

const update = await resized;
console.log(`UPDATE ${JSON.stringify(update.segments.find((s) => s.id === segmentId))}`);
const batch = await suppressed;
console.log(`PRESSURE ${JSON.stringify(batch)}`);

await dashboard.stop();
await pressure.stop();
console.log("DONE");
process.exit(0);
