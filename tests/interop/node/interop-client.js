'use strict';
// Interop cases against the Realtime.Grpc test server, driven by npm's @grpc/grpc-js (pure JS, Node's http2).
// Prints one line per case, "PASS name" or "FAIL name: why", and exits non-zero if any case failed.
// Usage: node interop-client.js --port PORT --protos DIR --health-protos DIR --key-prefix PREFIX

const path = require('node:path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const LIMIT = 4 * 1024 * 1024;
const RESPONSE_SIZES = [31415, 9, 2653, 58979];
const REQUEST_SIZES = [27182, 8, 1828, 45904];
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1F608}\t\n';
const Status = grpc.status;
// Not a protobuf message: field 0 is invalid, and wire type 7 does not exist.
const GARBAGE = Buffer.alloc(8, 0xff);

function args() {
  const result = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    result[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  return result;
}

const options = args();
const definition = protoLoader.loadSync(
  [path.join(options.protos, 'interop.proto'), path.join(options['health-protos'], 'grpc/health/v1/health.proto')],
  { includeDirs: [options.protos, options['health-protos']], defaults: true });
const loaded = grpc.loadPackageDefinition(definition);
const address = `127.0.0.1:${options.port}`;
const credentials = grpc.credentials.createInsecure();
const client = new loaded.realtime.testing.v1.TestService(address, credentials);
const gzipClient = new loaded.realtime.testing.v1.TestService(address, credentials, { 'grpc.default_compression_algorithm': 2 });
// Deflate (algorithm 1), which the server does not support. A channel of its own: grpc-js stops compressing once a
// server's grpc-accept-encoding has left the algorithm out.
const deflateClient = new loaded.realtime.testing.v1.TestService(address, credentials, { 'grpc.default_compression_algorithm': 1 });
const health = new loaded.grpc.health.v1.Health(address, credentials);
const generic = new grpc.Client(address, credentials);
const keyPrefix = options['key-prefix'];

const payload = (size) => ({ body: Buffer.alloc(size) });
const deadline = (ms) => ({ deadline: new Date(Date.now() + ms) });

function unary(target, method, request, metadata = new grpc.Metadata(), callOptions = deadline(30000)) {
  return new Promise((resolve, reject) => {
    let headers;
    let status;
    const call = target[method](request, metadata, callOptions, (error, response) => {
      if (error) {
        reject(error);
      } else {
        // 'status' follows the callback; resolve once both are in.
        const done = () => resolve({ response, headers, status });
        if (status) done(); else call.on('status', (s) => { status = s; done(); });
      }
    });
    call.on('metadata', (m) => { headers = m; });
    call.on('status', (s) => { status = s; });
  });
}

function readAll(call) {
  return new Promise((resolve, reject) => {
    const messages = [];
    let headers;
    call.on('metadata', (m) => { headers = m; });
    call.on('data', (m) => messages.push(m));
    call.on('error', reject);
    call.on('status', (status) => { if (status.code === Status.OK) resolve({ messages, headers, status }); });
  });
}

function nextMessage(call) {
  return new Promise((resolve, reject) => {
    call.once('data', resolve);
    call.once('error', reject);
  });
}

// A unary call with hand-made serialization: bytes in, bytes out.
function rawUnary(methodPath, serialize, request) {
  return new Promise((resolve, reject) => {
    generic.makeUnaryRequest(methodPath, serialize, (b) => b, request, new grpc.Metadata(), deadline(30000),
      (e, r) => (e ? reject(e) : resolve(r)));
  });
}

// After a failed call the server (and the shared channel) go on answering.
async function stillServing() {
  const { response: empty } = await unary(client, 'EmptyCall', {});
  assert.deepEqual(empty, {});
  const { response } = await unary(client, 'UnaryCall', { responseSize: 10, payload: payload(10) });
  assert.equal(response.payload.body.length, 10);
  assert.equal(response.receivedSize, 10);
}

async function expectError(code, promiseFactory, detail) {
  try {
    await promiseFactory();
  } catch (error) {
    assert.equal(error.code, code, `expected ${Status[code]}, got ${Status[error.code]}: ${error.details}`);
    if (detail !== undefined) {
      assert.equal(error.details, detail);
    }
    return error;
  }
  throw new Error(`expected ${Status[code]}, but the call succeeded`);
}

function requestOfSize(size) {
  // SimpleRequest{payload{body}}: 1+len(varint)+1+len(varint)+body bytes.
  const varint = (n) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4);
  for (let body = size; body > 0; body -= 1) {
    const inner = 1 + varint(body) + body;
    if (1 + varint(inner) + inner === size) {
      return { payload: payload(body) };
    }
  }
  throw new Error(`cannot build a ${size}-byte request`);
}

const echoMetadata = () => {
  const md = new grpc.Metadata();
  md.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
  md.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
  return md;
};

function assertEchoed(headers, trailers) {
  assert.deepEqual(headers.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
  assert.deepEqual(trailers.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
}

const cases = {
  async empty_unary() {
    const { response } = await unary(client, 'EmptyCall', {});
    assert.deepEqual(response, {});
  },
  async large_unary() {
    const { response } = await unary(client, 'UnaryCall', { responseSize: 314159, payload: payload(271828) });
    assert.equal(response.payload.body.length, 314159);
    assert.equal(response.receivedSize, 271828);
  },
  async client_streaming() {
    const response = await new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(30000), (e, r) => (e ? reject(e) : resolve(r)));
      for (const size of REQUEST_SIZES) call.write({ payload: payload(size) });
      call.end();
    });
    assert.equal(response.aggregatedPayloadSize, 74922);
  },
  async server_streaming() {
    const call = client.StreamingOutputCall({ responseParameters: RESPONSE_SIZES.map((size) => ({ size })) }, deadline(30000));
    const { messages } = await readAll(call);
    assert.deepEqual(messages.map((m) => m.payload.body.length), RESPONSE_SIZES);
  },
  async ping_pong() {
    const call = client.FullDuplexCall(deadline(30000));
    const done = readAll(call);
    for (let i = 0; i < RESPONSE_SIZES.length; i += 1) {
      const reply = nextMessage(call);
      call.write({ payload: payload(REQUEST_SIZES[i]), responseParameters: [{ size: RESPONSE_SIZES[i] }] });
      assert.equal((await reply).payload.body.length, RESPONSE_SIZES[i]);
    }
    call.end();
    assert.equal((await done).messages.length, 4);
  },
  async empty_stream() {
    const call = client.FullDuplexCall(deadline(30000));
    call.end();
    assert.equal((await readAll(call)).messages.length, 0);
  },
  async timeout_on_sleeping_server() {
    const call = client.FullDuplexCall(deadline(1));
    await expectError(Status.DEADLINE_EXCEEDED, () => readAll(call));
  },
  async server_handler_deadline() {
    await expectError(Status.DEADLINE_EXCEEDED,
      () => unary(client, 'WaitForCancellation', { key: `${keyPrefix}-deadline` }, new grpc.Metadata(), deadline(1000)));
  },
  async cancel_after_begin() {
    // grpc-js opens the HTTP/2 stream lazily: a cancel() before the stream exists is never sent (the server then sees
    // a call that just idles until its deadline). Cancel once the first message is on the wire instead.
    let call;
    const result = new Promise((resolve, reject) => {
      call = client.StreamingInputCall(deadline(30000), (e, r) => (e ? reject(e) : resolve(r)));
    });
    await new Promise((resolve) => call.write({ payload: payload(8) }, resolve));
    call.cancel();
    await expectError(Status.CANCELLED, () => result);
  },
  async cancel_after_first_response() {
    const call = client.FullDuplexCall(deadline(30000));
    const failed = readAll(call);
    call.write({ responseParameters: [{ size: 31415 }] });
    assert.equal((await nextMessage(call)).payload.body.length, 31415);
    call.cancel();
    await expectError(Status.CANCELLED, () => failed);
  },
  async server_handler_cancelled() {
    const call = client.StreamUntilCancelled({ key: `${keyPrefix}-cancel` }, deadline(30000));
    const failed = readAll(call);
    await nextMessage(call);
    call.cancel();
    await expectError(Status.CANCELLED, () => failed);
  },
  async status_code_and_message() {
    for (let code = 1; code <= 16; code += 1) {
      await expectError(code, () => unary(client, 'UnaryCall', { responseStatus: { code, message: `status ${code}` } }), `status ${code}`);
    }
    const call = client.FullDuplexCall(deadline(30000));
    call.write({ responseStatus: { code: 2, message: 'test status message' } });
    call.end();
    await expectError(Status.UNKNOWN, () => readAll(call), 'test status message');
  },
  async garbage_request_internal() {
    await expectError(Status.INTERNAL, () => rawUnary('/realtime.testing.v1.TestService/UnaryCall', () => GARBAGE, {}),
      'Failed to deserialize the message as SimpleRequest.');
    await stillServing();
  },
  async handler_exception_unknown() {
    const error = await expectError(Status.UNKNOWN, () => rawUnary('/realtime.testing.v1.FaultService/Throw', () => Buffer.alloc(0), {}),
      'Exception was thrown by handler.');
    assert.ok(!error.details.includes('secret'), error.details);
    await stillServing();
  },
  async unsupported_encoding_unimplemented() {
    await expectError(Status.UNIMPLEMENTED, () => unary(deflateClient, 'EmptyCall', {}),
      "Unsupported grpc-encoding value 'deflate'. Supported encodings: identity, gzip");
    await stillServing();
  },
  async special_status_message() {
    await expectError(Status.UNKNOWN, () => unary(client, 'UnaryCall', { responseStatus: { code: 2, message: SPECIAL_MESSAGE } }), SPECIAL_MESSAGE);
  },
  async unimplemented_method() {
    await expectError(Status.UNIMPLEMENTED, () => unary(client, 'UnimplementedCall', {}), 'realtime.testing.v1.TestService/UnimplementedCall is not implemented yet.');
  },
  async unimplemented_service() {
    await expectError(Status.UNIMPLEMENTED, () => new Promise((resolve, reject) => {
      generic.makeUnaryRequest('/realtime.testing.v1.UnimplementedService/UnimplementedCall', () => Buffer.alloc(0), (b) => b,
        {}, new grpc.Metadata(), deadline(30000), (e, r) => (e ? reject(e) : resolve(r)));
    }));
  },
  async custom_metadata_unary() {
    const { headers, status } = await unary(client, 'UnaryCall', { responseSize: 314159, payload: payload(271828) }, echoMetadata());
    assertEchoed(headers, status.metadata);
  },
  async custom_metadata_duplex() {
    const call = client.FullDuplexCall(echoMetadata(), deadline(30000));
    call.write({ responseParameters: [{ size: 314159 }] });
    call.end();
    const { messages, headers, status } = await readAll(call);
    assert.equal(messages[0].payload.body.length, 314159);
    assertEchoed(headers, status.metadata);
  },
  async metadata_on_error() {
    const error = await expectError(Status.NOT_FOUND,
      () => unary(client, 'UnaryCall', { responseStatus: { code: 5, message: 'gone' } }, echoMetadata()), 'gone');
    assert.deepEqual(error.metadata.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
  },
  async request_at_limit() {
    const { response } = await unary(client, 'UnaryCall', requestOfSize(LIMIT), new grpc.Metadata(), deadline(60000));
    assert.ok(response.receivedSize > LIMIT - 16);
  },
  async request_over_limit() {
    await expectError(Status.RESOURCE_EXHAUSTED, () => unary(client, 'UnaryCall', requestOfSize(LIMIT + 1), new grpc.Metadata(), deadline(60000)),
      'Received message exceeds the maximum configured message size.');
  },
  async response_under_client_limit() {
    const { response } = await unary(client, 'UnaryCall', { responseSize: LIMIT - 16 }, new grpc.Metadata(), deadline(60000));
    assert.equal(response.payload.body.length, LIMIT - 16);
  },
  async response_over_client_limit() {
    await expectError(Status.RESOURCE_EXHAUSTED, () => unary(client, 'UnaryCall', { responseSize: LIMIT }, new grpc.Metadata(), deadline(60000)));
  },
  async client_compressed_unary() {
    const { response } = await unary(gzipClient, 'UnaryCall', { expectCompressed: true, responseSize: 314159, payload: payload(271828) });
    assert.equal(response.receivedSize, 271828);
    await expectError(Status.INVALID_ARGUMENT, () => unary(client, 'UnaryCall', { expectCompressed: true, responseSize: 314159, payload: payload(271828) }));
  },
  async client_compressed_streaming() {
    const response = await new Promise((resolve, reject) => {
      const call = gzipClient.StreamingInputCall(deadline(30000), (e, r) => (e ? reject(e) : resolve(r)));
      call.write({ expectCompressed: true, payload: payload(27182) });
      call.write({ expectCompressed: true, payload: payload(45904) });
      call.end();
    });
    assert.equal(response.aggregatedPayloadSize, 73086);
  },
  async server_compressed_unary() {
    for (const compressed of [true, false]) {
      const { response } = await unary(client, 'UnaryCall', { responseCompressed: compressed, responseSize: 314159 });
      assert.equal(response.payload.body.length, 314159);
    }
  },
  async server_compressed_streaming() {
    const call = client.StreamingOutputCall({
      responseCompressed: true,
      responseParameters: [{ size: 31415, compressed: true }, { size: 92653, compressed: false }],
    }, deadline(30000));
    assert.deepEqual((await readAll(call)).messages.map((m) => m.payload.body.length), [31415, 92653]);
  },
  async health_check() {
    const { response } = await unary(health, 'Check', { service: '' });
    assert.equal(response.status, 1);
    await expectError(Status.NOT_FOUND, () => unary(health, 'Check', { service: 'no.such.Service' }));
  },
};

(async () => {
  let failed = 0;
  for (const [name, run] of Object.entries(cases).filter(([n]) => !process.env.INTEROP_ONLY || new RegExp(`^(${process.env.INTEROP_ONLY})$`).test(n))) {
    const started = Date.now();
    try {
      await run();
      console.log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}: ${error && error.stack ? error.stack : error}`);
    }
  }
  for (const c of [client, gzipClient, deflateClient, health, generic]) c.close();
  process.exitCode = failed ? 1 : 0;
})();
