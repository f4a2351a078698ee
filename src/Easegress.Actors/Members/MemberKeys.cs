using Akka.DistributedData;

namespace Easegress.Actors.Members;

public static class MemberKeys
{
    /// <summary>Every member's own record, by member name.</summary>
    public static readonly LWWDictionaryKey<string, MemberRecord> Members = new("eg-members");
}
