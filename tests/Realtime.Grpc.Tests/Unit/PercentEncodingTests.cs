using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Tests.Unit;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n",
        "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A")]
    [InlineData("100%", "100%25")]
    [InlineData("plain ASCII ~!", "plain ASCII ~!")]
    [InlineData("", "")]
    public void Encode_MatchesTheSpecVectors_AndDecodesBack(string value, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(value));
        Assert.Equal(value, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("50%zz", "50%zz")]
    [InlineData("%4", "%4")]
    [InlineData("%e2%98%ba", "☺")]
    public void Decode_IsLenient(string encoded, string decoded) => Assert.Equal(decoded, PercentEncoding.Decode(encoded));
}
