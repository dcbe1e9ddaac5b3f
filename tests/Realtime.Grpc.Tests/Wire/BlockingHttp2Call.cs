using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Realtime.Grpc.Tests.Wire;

/// <summary>
/// One gRPC call over a hand-driven HTTP/2 connection: blocking socket calls on the caller's thread and buffers allocated
/// up front, so sending and receiving a message allocates nothing on the client side. That lets a test count what the
/// server allocates per message with <see cref="GC.GetTotalAllocatedBytes"/> while this client runs in the same process.
/// It speaks just enough HTTP/2 for that: no HPACK decoding (response headers and trailers are skipped), the server's
/// flow-control windows respected when sending, and its own receive windows opened wide at the start so that it never
/// has to send WINDOW_UPDATE.
/// </summary>
public sealed class BlockingHttp2Call : IDisposable
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1, Padded = 0x8;
    private const int StreamId = 1;
    private const int MaxWindow = int.MaxValue;
    private const int DefaultWindow = 65_535;
    private const int MaxFrameSize = 16_384;

    private readonly Socket _socket;
    private readonly byte[] _header = new byte[9];
    private readonly byte[] _payload = new byte[1 << 16];
    private readonly byte[] _frame = new byte[9 + MaxFrameSize];
    private readonly byte[] _message;
    private long _receivedDataBytes;
    private long _connectionSendWindow = DefaultWindow;
    private long _streamSendWindow = DefaultWindow;
    private long _initialStreamWindow = DefaultWindow;

    /// <summary>Opens the connection and the call; every request message will be <paramref name="framedMessage"/>.</summary>
    public BlockingHttp2Call(int port, string path, byte[] framedMessage)
    {
        _message = framedMessage;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 30_000, SendTimeout = 30_000 };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));

        var start = new List<byte>();
        start.AddRange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        // SETTINGS: no dynamic HPACK table from the server, and a stream window the test never exhausts.
        start.AddRange(Frame(Settings, 0, 0, [0, 0x1, 0, 0, 0, 0, 0, 0x4, 0x7F, 0xFF, 0xFF, 0xFF]));
        var increment = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(increment, MaxWindow - DefaultWindow);
        start.AddRange(Frame(WindowUpdate, 0, 0, increment));
        start.AddRange(Frame(Headers, EndHeaders, StreamId, RequestHeaders(port, path)));
        Send(start.ToArray());
    }

    /// <summary>Sends one request message (the one given at construction), in DATA frames the server's windows allow.</summary>
    public void Send()
    {
        var message = _message.AsSpan();
        while (!message.IsEmpty)
        {
            while (Math.Min(_connectionSendWindow, _streamSendWindow) <= 0)
            {
                ReadFrame();
            }

            var length = (int)Math.Min(Math.Min(message.Length, MaxFrameSize), Math.Min(_connectionSendWindow, _streamSendWindow));
            WriteFrameHeader(_frame, length, Data, 0, StreamId);
            message[..length].CopyTo(_frame.AsSpan(9));
            Send(_frame.AsSpan(0, 9 + length));
            _connectionSendWindow -= length;
            _streamSendWindow -= length;
            message = message[length..];
        }
    }

    /// <summary>Blocks until <paramref name="count"/> more response messages of the same size as the request have arrived.</summary>
    public void ReceiveEchoes(int count)
    {
        var target = _receivedDataBytes + ((long)count * _message.Length);
        while (_receivedDataBytes < target)
        {
            ReadFrame();
        }
    }

    /// <summary>Half-closes the request stream and waits for the server's trailers (HEADERS with END_STREAM).</summary>
    public void CompleteAndWaitForTrailers()
    {
        var endStream = new byte[9];
        WriteFrameHeader(endStream, 0, Data, EndStream, StreamId);
        Send(endStream);
        while (true)
        {
            var frame = ReadFrame();
            if (frame.Stream == StreamId && (frame.Flags & EndStream) != 0)
            {
                Assert.Equal(Headers, frame.Type);
                return;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Send(Frame(GoAway, 0, 0, new byte[8]));
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
    }

    private (byte Type, byte Flags, int Stream) ReadFrame()
    {
        ReceiveExactly(_header);
        var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
        var type = _header[3];
        var flags = _header[4];
        var stream = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(5)) & int.MaxValue;
        if (length > _payload.Length)
        {
            Assert.Fail($"frame of {length} bytes is larger than the client's buffer");
        }

        var payload = _payload.AsSpan(0, length);
        ReceiveExactly(payload);
        switch (type)
        {
            case Settings when (flags & Ack) == 0:
                for (var i = 0; i + 6 <= length; i += 6)
                {
                    if (BinaryPrimitives.ReadUInt16BigEndian(payload[i..]) == 0x4)
                    {
                        var initial = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                        _streamSendWindow += initial - _initialStreamWindow;
                        _initialStreamWindow = initial;
                    }
                }

                Send(Frame(Settings, Ack, 0, []));
                break;
            case Ping when (flags & Ack) == 0:
                WriteFrameHeader(_frame, 8, Ping, Ack, 0);
                payload.CopyTo(_frame.AsSpan(9));
                Send(_frame.AsSpan(0, 9 + 8));
                break;
            case WindowUpdate:
                var update = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
                if (stream == 0)
                {
                    _connectionSendWindow += update;
                }
                else if (stream == StreamId)
                {
                    _streamSendWindow += update;
                }

                break;
            case GoAway:
                Assert.Fail($"the server sent GOAWAY (error {BinaryPrimitives.ReadInt32BigEndian(payload[4..])})");
                break;
            case RstStream when stream == StreamId:
                Assert.Fail($"the server reset the stream (error {BinaryPrimitives.ReadInt32BigEndian(payload)})");
                break;
        }

        if (type == Data && stream == StreamId)
        {
            _receivedDataBytes += (flags & Padded) != 0 ? length - 1 - payload[0] : length;
        }

        return (type, flags, stream);
    }

    private static byte[] RequestHeaders(int port, string path)
    {
        // HPACK (RFC 7541): indexed :method POST (3) and :scheme http (6); literals without indexing for the rest.
        var block = new List<byte> { 0x83, 0x86 };
        Literal(block, [0x04], path);                          // :path (static index 4)
        Literal(block, [0x01], $"127.0.0.1:{port}");           // :authority (static index 1)
        Literal(block, [0x0F, 0x10], "application/grpc");      // content-type (static index 31 = 15 + 16)
        block.Add(0x00);
        Text(block, "te");
        Text(block, "trailers");
        return block.ToArray();

        static void Literal(List<byte> block, byte[] name, string value)
        {
            block.AddRange(name);
            Text(block, value);
        }

        static void Text(List<byte> block, string value)
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            Assert.True(bytes.Length < 127, "header value too long for this minimal encoder");
            block.Add((byte)bytes.Length);
            block.AddRange(bytes);
        }
    }

    private static byte[] Frame(byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        WriteFrameHeader(frame, payload.Length, type, flags, stream);
        payload.CopyTo(frame, 9);
        return frame;
    }

    private static void WriteFrameHeader(Span<byte> frame, int length, byte type, byte flags, int stream)
    {
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame[5..], stream);
    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    private void ReceiveExactly(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var read = _socket.Receive(buffer);
            if (read == 0)
            {
                Assert.Fail("the server closed the connection");
            }

            buffer = buffer[read..];
        }
    }
}
