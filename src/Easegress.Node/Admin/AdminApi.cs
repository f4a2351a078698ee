using Easegress.Actors.Replica;
using System.Text.Json.Nodes;
using Easegress.Actors.Objects;
using Easegress.Actors.Traffic;
using Easegress.Objects;
using Easegress.Specs;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Node.Admin;

/// <summary>The admin API (Easegress's endpoints), the same under <c>/apis/v1</c> and <c>/apis/v2</c>.</summary>
public static class AdminApi
{
    public const long MaxBodyBytes = 4 * 1024 * 1024;
    /// <summary>How long a write waits for this node to run the change before it answers anyway.</summary>
    internal static readonly TimeSpan ApplyWait = TimeSpan.FromSeconds(5);

    public static void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value;
            // Path.Value is decoded already: it is put back as it is (a string assigned to Path would be decoded
            // again, so that "%257E" in a name became "~" rather than "%7E")
            if (path is { Length: > 1 } && path.EndsWith('/')) http.Request.Path = new PathString(path.TrimEnd('/'));
            var store = http.RequestServices.GetRequiredService<ObjectStore>();
            http.Response.OnStarting(async () =>
            {
                if (!http.Response.Headers.ContainsKey("X-Config-Version"))
                    http.Response.Headers["X-Config-Version"] = (await store.ConfigVersionAsync()).ToString();
            });
            var replica = http.RequestServices.GetRequiredService<LocalReplica>();
            if (!replica.IsReady && ReadinessGate.ReadsState(http.Request))
            {
                await ReadinessGate.NotReady(http, replica).ExecuteAsync(http);
                return;
            }
            await next(http);
        });

        app.MapFallback((HttpContext http) => AdminResponse.Error(http, 404, $"no such endpoint: {http.Request.Method} {http.Request.Path}"));

        foreach (var prefix in new[] { "/apis/v1", "/apis/v2" })
        {
            var api = app.MapGroup(prefix);
            ApiDirectory.Map(api);
            api.MapGet("/healthz", () => Results.Ok());
            api.MapGet("/readyz", ReadinessGate.Ready);
            api.MapGet("/members", ListMembers);
            api.MapGet("/status/members", ListMembers);
            api.MapGet("/object-kinds", (HttpContext http, ObjectKindRegistry kinds) =>
                AdminResponse.Body(http, new JsonArray(kinds.Kinds.Select(k => (JsonNode?)k.Name).ToArray())));
            api.MapPost("/objects", Create);
            ObjectListing.Map(api);
            api.MapGet("/objects/{name}", Get);
            api.MapPut("/objects/{name}", Update);
            api.MapDelete("/objects/{name}", Delete);
            api.MapGet("/status/objects", (HttpContext http, StatusCollector status) => StatusAsync(http, status, null));
            api.MapGet("/status/objects/{name}", async (HttpContext http, string name, StatusCollector status, ObjectStore store) =>
                await store.GetAsync(name) is null
                    ? AdminResponse.Error(http, 404, $"{name} not found")
                    : await StatusAsync(http, status, name));
            ObjectResourcesApi.Map(api);
            MetadataApi.Map(api);
        }
    }

    private static async Task<IResult> ListMembers(HttpContext http, MemberList members) =>
        AdminResponse.Body(http, new JsonArray((await members.ListAsync()).Select(m => (JsonNode?)MemberDocument.From(m)).ToArray()));

    private static async Task<IResult> StatusAsync(HttpContext http, StatusCollector status, string? name) =>
        AdminResponse.Body(http, await status.CollectAsync(name));

    private static async Task<IResult> Get(HttpContext http, string name, ObjectStore store) =>
        !ObjectListing.AsksOtherNamespace(http.Request) && await store.GetAsync(name) is { } entry
            ? AdminResponse.Body(http, JsonNode.Parse(entry.Document))
            : AdminResponse.Error(http, 404, $"{name} not found");

    private static async Task<IResult> Create(HttpContext http, ObjectStore store, ObjectKindRegistry kinds, AppliedCatalog applied)
    {
        var (document, error) = await ReadSpecAsync(http, kinds);
        if (error is not null) return error;
        var name = document!["name"]!.GetValue<string>();
        var result = await store.CreateAsync(name, document.ToJsonString());
        if (!result.Succeeded) return Rejected(http, result);
        await applied.WaitAsync(name, result.Version, removed: false, ApplyWait);
        http.Response.Headers["X-Config-Version"] = result.Version.ToString();
        http.Response.Headers.Location = $"{http.Request.PathBase}{http.Request.Path}/{name}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(HttpContext http, string name, ObjectStore store, ObjectKindRegistry kinds, AppliedCatalog applied)
    {
        var (document, error) = await ReadSpecAsync(http, kinds, name);
        if (error is not null) return error;
        var result = await store.UpdateAsync(name, document!.ToJsonString());
        if (!result.Succeeded) return Rejected(http, result);
        await applied.WaitAsync(name, result.Version, removed: false, ApplyWait);
        http.Response.Headers["X-Config-Version"] = result.Version.ToString();
        return Results.Ok();
    }

    private static async Task<IResult> Delete(HttpContext http, string name, ObjectStore store, AppliedCatalog applied)
    {
        var result = await store.DeleteAsync(name);
        if (!result.Succeeded) return Rejected(http, result);
        await applied.WaitAsync(name, result.Version, removed: true, ApplyWait);
        http.Response.Headers["X-Config-Version"] = result.Version.ToString();
        return Results.Ok();
    }

    private static IResult Rejected(HttpContext http, WriteResult result) => AdminResponse.Error(http, result.Status, result.Message);

    /// <summary>Reads and fully validates a spec from the body (the entity validates again: it is the authority).</summary>
    private static async Task<(JsonObject? Document, IResult? Error)> ReadSpecAsync(HttpContext http, ObjectKindRegistry kinds, string? urlName = null)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        string text;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            text = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, AdminResponse.Error(http, 413, $"the spec is larger than {MaxBodyBytes} bytes"));
        }
        try
        {
            var document = SpecDocument.ParseObject(text);
            if (urlName is not null && document["name"] is JsonValue v && v.ToString() != urlName)
                return (null, AdminResponse.Error(http, 400, "inconsistent name in url and spec"));
            CreationTime.Stamp(document, kinds, DateTimeOffset.UtcNow);
            kinds.Validate(document);
            return (document, null);
        }
        catch (SpecException e)
        {
            return (null, AdminResponse.Error(http, 400, e.Message));
        }
    }
}
