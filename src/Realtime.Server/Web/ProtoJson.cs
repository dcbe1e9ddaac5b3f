using Google.Protobuf;

namespace Realtime.Server.Web;

/// <summary>Protobuf messages as the pages read them: canonical JSON, lowerCamel names, default values included.</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static IResult Ok(IMessage message) => Results.Text(Format(message), "application/json");

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
