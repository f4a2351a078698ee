using Easegress.Ctl.Commands;

namespace Easegress.Ctl.Resources;

/// <summary>The resources the server knows (its object kinds) plus <see cref="ApiResource.Member"/>.</summary>
internal static class ApiResources
{
    /// <summary>The server's object kinds, as <c>/object-api-resources</c> lists them.</summary>
    public static async Task<IReadOnlyList<ApiResource>> ObjectKindsAsync(CommandContext context, CancellationToken ct)
    {
        var body = await CommandContext.ReadJsonAsync(context.Admin.ListApiResourcesAsync(ct), "get api-resources")
            .ConfigureAwait(false);
        return JsonFields.Objects(body).Select(item => new ApiResource(
            JsonFields.Text(item, "Category"),
            JsonFields.Text(item, "Kind"),
            JsonFields.Text(item, "Name"),
            JsonFields.Strings(JsonFields.Find(item, "Aliases")))).ToList();
    }

    /// <summary>The resource <paramref name="text"/> names; fails with <c>unknown resource: ...</c>.</summary>
    public static async Task<ApiResource> ResolveAsync(CommandContext context, string text, CancellationToken ct)
    {
        if (ApiResource.Member.IsNamedBy(text))
        {
            return ApiResource.Member;
        }

        var kinds = await ObjectKindsAsync(context, ct).ConfigureAwait(false);
        return kinds.FirstOrDefault(k => k.IsNamedBy(text))
            ?? throw new CtlException($"unknown resource: {text} (see egctl api-resources)");
    }
}
