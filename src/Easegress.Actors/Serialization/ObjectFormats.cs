using Easegress.Actors.Objects;

namespace Easegress.Actors.Serialization;

/// <summary>An object entity's journal (its events, and an <see cref="ObjectWritten"/> as its snapshot) and the
/// messages the shard region carries to it and back.</summary>
public static class ObjectFormats
{
    public static IEnumerable<Format> All { get; } =
    [
        // { 1: name, 2: kind, 3: document, 4: version }
        new Format<ObjectWritten>("ObjectWritten.v1", (e, o) =>
        {
            o.Text(1, e.Name);
            o.Text(2, e.Kind);
            o.Text(3, e.Document);
            o.Number(4, e.Version);
        }, ReadWritten),

        // { 1: name, 2: version }
        new Format<ObjectRemoved>("ObjectRemoved.v1", (e, o) =>
        {
            o.Text(1, e.Name);
            o.Number(2, e.Version);
        }, ReadRemoved),

        // { 1: name, 2: document }
        new Format<CreateObject>("CreateObject.v1", (c, o) => { o.Text(1, c.Name); o.Text(2, c.Document); },
            f => NameAndDocument(f, (name, document) => new CreateObject(name, document))),
        new Format<UpdateObject>("UpdateObject.v1", (c, o) => { o.Text(1, c.Name); o.Text(2, c.Document); },
            f => NameAndDocument(f, (name, document) => new UpdateObject(name, document))),

        // { 1: name }
        new Format<DeleteObject>("DeleteObject.v1", (c, o) => o.Text(1, c.Name), f => new DeleteObject(NameOnly(f))),
        new Format<RepublishObject>("RepublishObject.v1", (c, o) => o.Text(1, c.Name), f => new RepublishObject(NameOnly(f))),

        // { 1: status, 2: message, 3: version, 4: kind (left out when null) }
        new Format<WriteResult>("WriteResult.v1", (r, o) =>
        {
            o.Number(1, r.Status);
            o.Text(2, r.Message);
            o.Number(3, r.Version);
            o.Text(4, r.Kind);
        }, ReadResult),
    ];

    private static ObjectWritten ReadWritten(FieldReader f)
    {
        string name = "", kind = "", document = "";
        long version = 0;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsLength: kind = f.Text(); break;
                case 3 when f.IsLength: document = f.Text(); break;
                case 4 when f.IsVarint: version = f.Int64(); break;
                default: f.Skip(); break;
            }
        }
        return new ObjectWritten(name, kind, document, version);
    }

    internal static ObjectRemoved ReadRemoved(FieldReader f)
    {
        var name = "";
        long version = 0;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsVarint: version = f.Int64(); break;
                default: f.Skip(); break;
            }
        }
        return new ObjectRemoved(name, version);
    }

    private static T NameAndDocument<T>(FieldReader f, Func<string, string, T> create)
    {
        string name = "", document = "";
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsLength: document = f.Text(); break;
                default: f.Skip(); break;
            }
        }
        return create(name, document);
    }

    private static string NameOnly(FieldReader f)
    {
        var name = "";
        while (f.Next())
        {
            if (f.Number == 1 && f.IsLength) name = f.Text();
            else f.Skip();
        }
        return name;
    }

    private static WriteResult ReadResult(FieldReader f)
    {
        var status = 0;
        var message = "";
        long version = 0;
        string? kind = null;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsVarint: status = f.Int32(); break;
                case 2 when f.IsLength: message = f.Text(); break;
                case 3 when f.IsVarint: version = f.Int64(); break;
                case 4 when f.IsLength: kind = f.Text(); break;
                default: f.Skip(); break;
            }
        }
        return new WriteResult(status, message, version, kind);
    }
}
