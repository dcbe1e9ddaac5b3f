using System.Text.Json.Nodes;
using Realtime.Contracts.V1;
using Realtime.Customers.Views;
using Realtime.Grpc;
using Realtime.Server.Api;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;
using Realtime.Server.Rules;

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
        api.MapGet("/rules", (RealtimeEngine engine) => ActiveRules(engine.Rules.Current));
        api.MapPost("/rules/validate", (RulesRequest request, RulesOperations rules) =>
            ValidYaml(request) is { } yaml ? ProtoJson.Ok(rules.Validate(yaml)) : MissingYaml());
        api.MapPost("/rules/preview", async (RulesRequest request, RulesOperations rules, CancellationToken ct) =>
            ValidYaml(request) is { } yaml ? ProtoJson.Ok(await rules.PreviewAsync(yaml, request.MaxMovers, ct)) : MissingYaml());
        api.MapPost("/rules/publish", PublishAsync);
    }

    /// <summary>
    /// <c>?q=</c> an id, email or phone; <c>by=</c> auto (default), id, email or phone. Auto tries every key the text
    /// could be, most likely first (digits: the id, then the phone; "+…": the phone, then the id; "@": the email,
    /// then the id), and a miss names every key tried.
    /// </summary>
    private static async Task<IResult> LookupAsync(string? q, string? by, CustomerQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length == 0)
        {
            return ProtoJson.Error(400, "Type a customer id, an email or a phone number.");
        }

        var candidates = LookupKeys.For(text, by);
        if (candidates is null)
        {
            return ProtoJson.Error(400, $"Unknown look-up kind '{by}': use auto, id, email or phone.");
        }

        var tried = new List<string>();
        foreach (var (kind, reference) in candidates)
        {
            tried.Add($"{kind} '{text}'");
            try
            {
                var now = clock.GetUtcNow();
                var read = await queries.ReadAsync(
                    reference,
                    state => (View: CustomerViews.Build(state, now), Explanation: ScoreExplainer.Explain(state.Customer, now)),
                    ct);
                if (read.Found)
                {
                    var json = $"{{\"matchedBy\":\"{kind}\",\"view\":{ProtoJson.Format(read.Value.View)},\"explanation\":{ProtoJson.Format(read.Value.Explanation)}}}";
                    return Results.Text(json, "application/json");
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Nobody under this key: try the next one.
            }
            catch (RpcException e)
            {
                return ProtoJson.Error(400, e.Detail);
            }
        }

        return ProtoJson.Error(404, $"No customer with {string.Join(" or ", tried)}: no event was ever received for them. "
            + "Check the spelling, or search by another key (id, email or phone).");
    }

    /// <summary>The active ruleset (protobuf JSON) and its grades, best first, so the heat map always shows the whole scale.</summary>
    private static IResult ActiveRules(RulesetBundle active)
    {
        var json = JsonNode.Parse(ProtoJson.Format(active.ToMessage()))!.AsObject();
        json["grades"] = new JsonArray([.. active.Rules.Grades.Select(g => JsonValue.Create(g.Label))]);
        return Results.Text(json.ToJsonString(), "application/json");
    }

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
