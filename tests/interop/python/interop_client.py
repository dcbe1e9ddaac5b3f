#!/usr/bin/python3
"""Interop cases against the Realtime.Grpc test server, driven by Debian's python3-grpcio.

Message classes are built at run time from a FileDescriptorSet the C# test writes out, so no generated *_pb2 files
(and no protoc version match) are needed. Prints one line per case, "PASS name" or "FAIL name: why", and exits
non-zero if any case failed.

Usage: interop_client.py --port PORT --descriptors FILE --key-prefix PREFIX
"""
import argparse
import sys
import threading
import traceback

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

LIMIT = 4 * 1024 * 1024
RESPONSE_SIZES = [31415, 9, 2653, 58979]
REQUEST_SIZES = [27182, 8, 1828, 45904]
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
# Not a protobuf message: field 0 is invalid, and wire type 7 does not exist.
GARBAGE = b"\xff" * 8


def load_messages(path):
    pool = descriptor_pool.DescriptorPool()
    files = descriptor_pb2.FileDescriptorSet.FromString(open(path, "rb").read())
    for f in files.file:
        pool.AddSerializedFile(f.SerializeToString())
    factory = message_factory.MessageFactory(pool)
    return lambda name: factory.GetPrototype(pool.FindMessageTypeByName(name))


class Client:
    def __init__(self, port, msg):
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.msg = msg
        svc = "/realtime.testing.v1.TestService/"
        self.empty_call = self.unary(svc + "EmptyCall", "realtime.testing.v1.Empty")
        self.unary_call = self.unary(svc + "UnaryCall", "realtime.testing.v1.SimpleResponse")
        self.streaming_output = self.channel.unary_stream(
            svc + "StreamingOutputCall", request_serializer=ser, response_deserializer=msg("realtime.testing.v1.StreamingOutputCallResponse").FromString)
        self.streaming_input = self.channel.stream_unary(
            svc + "StreamingInputCall", request_serializer=ser, response_deserializer=msg("realtime.testing.v1.StreamingInputCallResponse").FromString)
        self.full_duplex = self.channel.stream_stream(
            svc + "FullDuplexCall", request_serializer=ser, response_deserializer=msg("realtime.testing.v1.StreamingOutputCallResponse").FromString)
        self.wait = self.unary(svc + "WaitForCancellation", "realtime.testing.v1.WaitResponse")
        self.stream_until_cancelled = self.channel.unary_stream(
            svc + "StreamUntilCancelled", request_serializer=ser, response_deserializer=msg("realtime.testing.v1.StreamingOutputCallResponse").FromString)
        self.unimplemented_call = self.unary(svc + "UnimplementedCall", "realtime.testing.v1.Empty")
        self.unimplemented_service = self.unary("/realtime.testing.v1.UnimplementedService/UnimplementedCall", "realtime.testing.v1.Empty")
        self.health_check = self.unary("/grpc.health.v1.Health/Check", "grpc.health.v1.HealthCheckResponse")
        # A serializer that sends bytes which are no SimpleRequest.
        self.garbage_unary_call = self.channel.unary_unary(
            svc + "UnaryCall", request_serializer=lambda _: GARBAGE, response_deserializer=msg("realtime.testing.v1.SimpleResponse").FromString)
        self.throw = self.unary("/realtime.testing.v1.FaultService/Throw", "realtime.testing.v1.Empty")

    def unary(self, path, response):
        return self.channel.unary_unary(path, request_serializer=ser, response_deserializer=self.msg(response).FromString)

    def new(self, name, **fields):
        return self.msg("realtime.testing.v1." + name)(**fields)

    def payload(self, size):
        return self.new("Payload", body=b"\0" * size)


def ser(message):
    return message.SerializeToString()


def expect_error(code, fn, detail=None):
    try:
        fn()
    except grpc.RpcError as error:
        assert error.code() == code, f"expected {code}, got {error.code()}: {error.details()!r}"
        if detail is not None:
            assert error.details() == detail, f"expected detail {detail!r}, got {error.details()!r}"
        return error
    raise AssertionError(f"expected {code}, but the call succeeded")


def request_of_size(c, size):
    body = size
    while True:
        request = c.new("SimpleRequest", payload=c.payload(body))
        if request.ByteSize() <= size:
            assert request.ByteSize() == size, f"cannot build a {size}-byte request"
            return request
        body -= 1


def cases(c, key_prefix):
    def empty_unary():
        assert c.empty_call(c.new("Empty"), timeout=30).ByteSize() == 0

    def large_unary():
        response = c.unary_call(c.new("SimpleRequest", response_size=314159, payload=c.payload(271828)), timeout=30)
        assert len(response.payload.body) == 314159 and response.received_size == 271828

    def client_streaming():
        requests = (c.new("StreamingInputCallRequest", payload=c.payload(s)) for s in REQUEST_SIZES)
        assert c.streaming_input(requests, timeout=30).aggregated_payload_size == 74922

    def server_streaming():
        request = c.new("StreamingOutputCallRequest", response_parameters=[c.new("ResponseParameters", size=s) for s in RESPONSE_SIZES])
        sizes = [len(r.payload.body) for r in c.streaming_output(request, timeout=30)]
        assert sizes == RESPONSE_SIZES, sizes

    def ping_pong():
        requests = PingPongRequests(c)
        responses = c.full_duplex(requests, timeout=30)
        for i, response in enumerate(responses):
            assert len(response.payload.body) == RESPONSE_SIZES[i]
            requests.next_may_go()
        assert requests.sent == 4

    def empty_stream():
        assert list(c.full_duplex(iter([]), timeout=30)) == []

    def timeout_on_sleeping_server():
        def call():
            list(c.full_duplex(HangingRequests(c), timeout=0.001))
        expect_error(grpc.StatusCode.DEADLINE_EXCEEDED, call)

    def server_handler_deadline():
        expect_error(grpc.StatusCode.DEADLINE_EXCEEDED,
                     lambda: c.wait(c.new("WaitRequest", key=key_prefix + "-deadline"), timeout=1.0))

    def cancel_after_begin():
        requests = HangingRequests(c)
        future = c.streaming_input.future(requests, timeout=30)
        assert future.cancel(), "the call could not be cancelled"
        requests.done.set()
        assert future.cancelled() and future.code() == grpc.StatusCode.CANCELLED, future.code()

    def cancel_after_first_response():
        request = c.new("StreamingOutputCallRequest", response_parameters=[c.new("ResponseParameters", size=31415)])
        requests = HangingRequests(c, first=request)
        call = c.full_duplex(requests, timeout=30)
        assert len(next(call).payload.body) == 31415
        call.cancel()
        requests.done.set()
        expect_error(grpc.StatusCode.CANCELLED, lambda: next(call))

    def server_handler_cancelled():
        call = c.stream_until_cancelled(c.new("WaitRequest", key=key_prefix + "-cancel"), timeout=30)
        next(call)
        call.cancel()
        expect_error(grpc.StatusCode.CANCELLED, lambda: next(call))

    def status_code_and_message():
        for code in grpc.StatusCode:
            if code == grpc.StatusCode.OK:
                continue
            number = code.value[0]
            request = c.new("SimpleRequest", response_status=c.new("EchoStatus", code=number, message=f"status {number}"))
            expect_error(code, lambda: c.unary_call(request, timeout=30), f"status {number}")
        duplex = c.new("StreamingOutputCallRequest", response_status=c.new("EchoStatus", code=2, message="test status message"))
        expect_error(grpc.StatusCode.UNKNOWN, lambda: list(c.full_duplex(iter([duplex]), timeout=30)), "test status message")

    def still_serving():
        """After a failed call the server (and this channel) go on answering."""
        assert c.empty_call(c.new("Empty"), timeout=30).ByteSize() == 0
        response = c.unary_call(c.new("SimpleRequest", response_size=10, payload=c.payload(10)), timeout=30)
        assert len(response.payload.body) == 10 and response.received_size == 10

    def garbage_request_internal():
        expect_error(grpc.StatusCode.INTERNAL, lambda: c.garbage_unary_call(c.new("SimpleRequest"), timeout=30),
                     "Failed to deserialize the message as SimpleRequest.")
        still_serving()

    def handler_exception_unknown():
        error = expect_error(grpc.StatusCode.UNKNOWN, lambda: c.throw(c.new("Empty"), timeout=30), "Exception was thrown by handler.")
        assert "secret" not in (error.details() or ""), error.details()
        still_serving()

    def unsupported_encoding_unimplemented():
        # grpcio compresses with zlib deflate and says grpc-encoding: deflate, which the server does not support.
        expect_error(grpc.StatusCode.UNIMPLEMENTED, lambda: c.empty_call(c.new("Empty"), compression=grpc.Compression.Deflate, timeout=30),
                     "Unsupported grpc-encoding value 'deflate'. Supported encodings: identity, gzip")
        still_serving()

    def special_status_message():
        request = c.new("SimpleRequest", response_status=c.new("EchoStatus", code=2, message=SPECIAL_MESSAGE))
        expect_error(grpc.StatusCode.UNKNOWN, lambda: c.unary_call(request, timeout=30), SPECIAL_MESSAGE)

    def unimplemented_method():
        expect_error(grpc.StatusCode.UNIMPLEMENTED, lambda: c.unimplemented_call(c.new("Empty"), timeout=30),
                     "realtime.testing.v1.TestService/UnimplementedCall is not implemented yet.")

    def unimplemented_service():
        expect_error(grpc.StatusCode.UNIMPLEMENTED, lambda: c.unimplemented_service(c.new("Empty"), timeout=30))

    metadata = (("x-grpc-test-echo-initial", "test_initial_metadata_value"), ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))

    def custom_metadata_unary():
        _, call = c.unary_call.with_call(c.new("SimpleRequest", response_size=314159, payload=c.payload(271828)), metadata=metadata, timeout=30)
        assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata(), call.initial_metadata()
        assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata(), call.trailing_metadata()

    def custom_metadata_duplex():
        request = c.new("StreamingOutputCallRequest", response_parameters=[c.new("ResponseParameters", size=314159)])
        call = c.full_duplex(iter([request]), metadata=metadata, timeout=30)
        assert [len(r.payload.body) for r in call] == [314159]
        assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata()
        assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata()

    def metadata_on_error():
        request = c.new("SimpleRequest", response_status=c.new("EchoStatus", code=5, message="gone"))
        error = expect_error(grpc.StatusCode.NOT_FOUND, lambda: c.unary_call(request, metadata=metadata, timeout=30), "gone")
        assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in error.trailing_metadata(), error.trailing_metadata()

    def request_at_limit():
        response = c.unary_call(request_of_size(c, LIMIT), timeout=60)
        assert response.received_size > LIMIT - 16

    def request_over_limit():
        expect_error(grpc.StatusCode.RESOURCE_EXHAUSTED, lambda: c.unary_call(request_of_size(c, LIMIT + 1), timeout=60),
                     "Received message exceeds the maximum configured message size.")

    def response_under_client_limit():
        response = c.unary_call(c.new("SimpleRequest", response_size=LIMIT - 16), timeout=60)
        assert len(response.payload.body) == LIMIT - 16

    def response_over_client_limit():
        expect_error(grpc.StatusCode.RESOURCE_EXHAUSTED, lambda: c.unary_call(c.new("SimpleRequest", response_size=LIMIT), timeout=60))

    def client_compressed_unary():
        request = c.new("SimpleRequest", expect_compressed=True, response_size=314159, payload=c.payload(271828))
        response = c.unary_call(request, compression=grpc.Compression.Gzip, timeout=30)
        assert len(response.payload.body) == 314159 and response.received_size == 271828
        probe = c.new("SimpleRequest", expect_compressed=True, response_size=314159, payload=c.payload(271828))
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, lambda: c.unary_call(probe, timeout=30))

    def client_compressed_streaming():
        requests = [c.new("StreamingInputCallRequest", expect_compressed=True, payload=c.payload(s)) for s in (27182, 45904)]
        response = c.streaming_input(iter(requests), compression=grpc.Compression.Gzip, timeout=30)
        assert response.aggregated_payload_size == 73086

    def server_compressed_unary():
        for compressed in (True, False):
            response = c.unary_call(c.new("SimpleRequest", response_compressed=compressed, response_size=314159), timeout=30)
            assert len(response.payload.body) == 314159

    def server_compressed_streaming():
        request = c.new("StreamingOutputCallRequest", response_compressed=True, response_parameters=[
            c.new("ResponseParameters", size=31415, compressed=True), c.new("ResponseParameters", size=92653, compressed=False)])
        assert [len(r.payload.body) for r in c.streaming_output(request, timeout=30)] == [31415, 92653]

    def health_check():
        health = c.msg("grpc.health.v1.HealthCheckRequest")
        assert c.health_check(health(service=""), timeout=30).status == 1
        expect_error(grpc.StatusCode.NOT_FOUND, lambda: c.health_check(health(service="no.such.Service"), timeout=30))

    return [v for k, v in locals().items() if callable(v) and not k.startswith("_") and k not in ("metadata", "still_serving")]


class PingPongRequests:
    """Sends the next ping only after the previous pong arrived (lock-step)."""

    def __init__(self, c):
        self.c = c
        self.sent = 0
        self.go = threading.Event()
        self.go.set()

    def __iter__(self):
        return self

    def __next__(self):
        if self.sent == len(RESPONSE_SIZES):
            raise StopIteration
        if not self.go.wait(30):
            raise StopIteration
        self.go.clear()
        request = self.c.new("StreamingOutputCallRequest", payload=self.c.payload(REQUEST_SIZES[self.sent]),
                             response_parameters=[self.c.new("ResponseParameters", size=RESPONSE_SIZES[self.sent])])
        self.sent += 1
        return request

    def next_may_go(self):
        self.go.set()


class HangingRequests:
    """Sends at most one request and never half-closes (until the call ends)."""

    def __init__(self, c, first=None):
        self.first = first
        self.done = threading.Event()

    def __iter__(self):
        return self

    def __next__(self):
        if self.first is not None:
            first, self.first = self.first, None
            return first
        self.done.wait(30)
        raise StopIteration


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--descriptors", required=True)
    parser.add_argument("--key-prefix", required=True)
    args = parser.parse_args()
    client = Client(args.port, load_messages(args.descriptors))
    failed = 0
    for case in cases(client, args.key_prefix):
        try:
            case()
            print(f"PASS {case.__name__}", flush=True)
        except Exception as error:  # noqa: BLE001 - report every failure, then go on
            failed += 1
            print(f"FAIL {case.__name__}: {error!r}", flush=True)
            traceback.print_exc()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
