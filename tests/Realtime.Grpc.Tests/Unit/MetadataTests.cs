namespace Realtime.Grpc.Tests.Unit;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_AreLowerCased_AndValidated()
    {
        var metadata = new Metadata().Add("X-Custom", "v");

        Assert.Equal("x-custom", metadata[0].Key);
        Assert.Throws<ArgumentException>(() => new Metadata().Add("bad key", "v"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("grpc-status", "0"));
    }

    [Fact]
    public void BinaryKeys_NeedBytes_TextKeysNeedText()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-bin", "text"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-text", [1]));
    }

    [Fact]
    public void BinaryValue_TextFormIsUnpaddedBase64()
    {
        var entry = new MetadataEntry("x-bin", [0xAB, 0xAB, 0xAB, 0x01]);

        Assert.True(entry.IsBinary);
        Assert.Equal("q6urAQ", entry.Value);
    }
}
