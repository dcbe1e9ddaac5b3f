using Realtime.Contracts.V1;
using Realtime.Customers.Views;
using Realtime.Grpc;
using Realtime.Server.Api;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;

namespace Realtime.Server.Web;

/// <summary>
/// Small JSON endpoints for the pages (browsers cannot speak our h2c gRPC): customer look-up and the ruleset's
/// get / validate / preview / publish, through the same query classes as the gRPC services.
/// </summary>
public static class WebApiEndpoints
{
    private const int MaxYamlChars = 256 * 1024;

    public static void MapRealtimeWebApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/customers/lookup", LookupAsync);
        api.MapGet("/rules", (RealtimeEngine engine) => ProtoJson.Ok(engine.Rules.Current.ToMessage()));
        api.MapPost("/rules/validate", (RulesRequest request, RulesOperations rules) =>
            ValidYaml(request) is { } yaml ? ProtoJson.Ok(rules.Validate(yaml)) : MissingYaml());
        api.MapPost("/rules/preview", async (RulesRequest request, RulesOperations rules, CancellationToken ct) =>
            ValidYaml(request) is { } yaml ? ProtoJson.Ok(await rules.PreviewAsync(yaml, request.MaxMovers, ct)) : MissingYaml());
        api.MapPost("/rules/publish", PublishAsync);
    }

    /// <summary><c>?q=</c> an id, email or phone; <c>by=</c> id|email|phone, or guessed from the text.</summary>
    private static async Task<IResult> LookupAsync(string? q, string? by, CustomerQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length == 0)
        {
            return ProtoJson.Error(400, "Type a customer id, an email or a phone number.");
        }

        var reference = ToReference(text, by);
        if (reference is null)
        {
            return ProtoJson.Error(400, $"Unknown look-up kind '{by}': use id, email or phone.");
        }

        try
        {
            var now = clock.GetUtcNow();
            var read = await queries.ReadAsync(
                reference,
                state => (View: CustomerViews.Build(state, now), Explanation: ScoreExplainer.Explain(state.Customer, now)),
                ct);
            if (!read.Found)
            {
                return ProtoJson.Error(404, $"No customer '{text}': no event was ever received for them. Check the spelling, or search by another key.");
            }

            var json = $"{{\"view\":{ProtoJson.Format(read.Value.View)},\"explanation\":{ProtoJson.Format(read.Value.Explanation)}}}";
            return Results.Text(json, "application/json");
        }
        catch (RpcException e)
        {
            return ProtoJson.Error(e.StatusCode == StatusCode.NotFound ? 404 : 400, e.Detail);
        }
    }

    private static CustomerRef? ToReference(string text, string? by) => (by ?? "").ToLowerInvariant() switch
    {
        "id" => new CustomerRef { CustomerId = text },
        "email" => new CustomerRef { Email = text },
        "phone" => new CustomerRef { Phone = text },
        "" when text.Contains('@') => new CustomerRef { Email = text },
        "" when LooksLikePhone(text) => new CustomerRef { Phone = text },
        "" => new CustomerRef { CustomerId = text },
        _ => null,
    };

    private static bool LooksLikePhone(string text) =>
        text.Count(char.IsAsciiDigit) >= 6 && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');

    private static async Task<IResult> PublishAsync(RulesRequest request, RulesOperations rules, HttpContext http, CancellationToken ct)
    {
        if (ValidYaml(request) is not { } yaml)
        {
            return MissingYaml();
        }

        try
        {
            var by = $"dashboard ({http.Connection.RemoteIpAddress})";
            return ProtoJson.Ok(await rules.PublishAsync(yaml, request.ExpectedVersion, by, request.Comment ?? "", ct));
        }
        catch (RulesVersionConflictException conflict)
        {
            return ProtoJson.Error(409, conflict.Message);
        }
    }

    private static string? ValidYaml(RulesRequest request) => request.Yaml is { Length: <= MaxYamlChars } yaml ? yaml : null;

    private static IResult MissingYaml() => ProtoJson.Error(400, $"Send {{\"yaml\": \"...\"}} with the candidate ruleset (at most {MaxYamlChars} characters).");
}
