using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl edit RESOURCE NAME</c>: opens the object's spec as YAML in <c>$EGCTL_EDITOR</c> (default <c>vi</c>) and
/// sends it back when it changed. The edited copy is kept (and its path shown) when the server refuses it.
/// </summary>
internal static class EditCommand
{
    public static Command Create(EgctlCli cli)
    {
        var resource = ResourceArguments.Resource();
        var name = new Argument<string>("name") { Description = "The object's name" };
        var command = new Command("edit", "Edit a resource in $EGCTL_EDITOR (default vi)") { resource, name };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var kind = await ApiResources.ResolveAsync(context, parse.GetRequiredValue(resource), ct).ConfigureAwait(false);
            if (kind.IsMember)
            {
                throw new CtlException("members cannot be edited");
            }

            return await EditAsync(context, kind.Kind, parse.GetRequiredValue(name), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> EditAsync(CommandContext context, string kind, string name, CancellationToken ct)
    {
        var doing = $"edit {kind} {name}";
        var spec = (await ObjectSelection.ReadAsync(context, "edit", kind, name, NamespaceScope.Default, ct).ConfigureAwait(false))[0].Spec;
        var original = NameAndKindFirst(spec);
        var path = Path.Combine(Path.GetTempPath(), $"egctl-{kind}-{name}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, original, ct).ConfigureAwait(false);
        await ExternalEditor.EditAsync(path, context.Console, ct).ConfigureAwait(false);
        var edited = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        if (edited == original)
        {
            File.Delete(path);
            return context.Succeed("edit cancelled, no changes made");
        }

        IReadOnlyList<SpecDocument> documents;
        try
        {
            documents = SpecDocuments.Parse(edited, path);
        }
        catch (CtlException e)
        {
            throw new CtlException($"{doing} failed, {e.Message}", e);
        }

        if (documents.Count != 1 || documents[0].Name != name || documents[0].Kind != kind)
        {
            throw new CtlException($"{doing} failed, the file must hold one spec with the same name and kind (kept in {path})");
        }

        var result = await SpecWrites.UpdateAsync(context, documents, Dialect.V2, ct).ConfigureAwait(false);
        if (result == ExitCodes.Success)
        {
            File.Delete(path);
        }
        else
        {
            context.Console.Error.WriteLine($"your changes are kept in {path}");
        }

        return result;
    }

    /// <summary>The spec as YAML with <c>name</c> and <c>kind</c> on top and a blank line after them.</summary>
    private static string NameAndKindFirst(JsonObject spec)
    {
        var head = new JsonObject { ["name"] = spec["name"]?.DeepClone(), ["kind"] = spec["kind"]?.DeepClone() };
        var rest = new JsonObject();
        foreach (var (key, value) in spec)
        {
            if (key is not ("name" or "kind"))
            {
                rest[key] = value?.DeepClone();
            }
        }

        var text = YamlRenderer.Render(JsonSerializer.SerializeToElement(head));
        return rest.Count == 0 ? text : text + "\n" + YamlRenderer.Render(JsonSerializer.SerializeToElement(rest));
    }
}
