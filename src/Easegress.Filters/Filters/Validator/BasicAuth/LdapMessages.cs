using System.Formats.Asn1;
using System.Numerics;
using System.Text;

namespace Easegress.Filters.Validator;

/// <summary>
/// The few LDAPv3 messages (RFC 4511) a password check needs, in BER: a simple bind, the StartTLS extended request
/// (RFC 4513 §3) and their responses' result codes.
/// </summary>
internal static class LdapMessages
{
    public const int Success = 0;
    public const int InvalidCredentials = 49;
    private const string StartTlsOid = "1.3.6.1.4.1.1466.20037";
    private const int MaxMessage = 64 * 1024;

    private static readonly Asn1Tag BindRequestTag = new(TagClass.Application, 0, isConstructed: true);
    private static readonly Asn1Tag BindResponseTag = new(TagClass.Application, 1, isConstructed: true);
    private static readonly Asn1Tag ExtendedRequestTag = new(TagClass.Application, 23, isConstructed: true);
    private static readonly Asn1Tag ExtendedResponseTag = new(TagClass.Application, 24, isConstructed: true);

    public static byte[] SimpleBind(int messageId, string dn, string password)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            using (writer.PushSequence(BindRequestTag))
            {
                writer.WriteInteger(3);
                writer.WriteOctetString(Encoding.UTF8.GetBytes(dn));
                writer.WriteOctetString(Encoding.UTF8.GetBytes(password), new Asn1Tag(TagClass.ContextSpecific, 0));
            }
        }
        return writer.Encode();
    }

    public static byte[] StartTls(int messageId)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            using (writer.PushSequence(ExtendedRequestTag))
                writer.WriteOctetString(Encoding.ASCII.GetBytes(StartTlsOid), new Asn1Tag(TagClass.ContextSpecific, 0));
        }
        return writer.Encode();
    }

    /// <summary>Reads the response to <paramref name="messageId"/> (a bind response, or an extended response when
    /// <paramref name="extended"/>) and returns its result code and diagnostic message.</summary>
    public static async ValueTask<(int Code, string Message)> ReadResultAsync(Stream stream, int messageId, bool extended,
        CancellationToken cancellationToken)
    {
        var message = await ReadMessageAsync(stream, cancellationToken);
        var reader = new AsnReader(message, AsnEncodingRules.BER);
        var envelope = reader.ReadSequence();
        if (envelope.ReadInteger() != new BigInteger(messageId)) throw new InvalidDataException("LDAP response to another message");
        var op = envelope.ReadSequence(extended ? ExtendedResponseTag : BindResponseTag);
        var codeBytes = op.ReadEnumeratedBytes().Span;
        var code = 0;
        foreach (var b in codeBytes) code = (code << 8) | b;
        op.ReadOctetString();   // matchedDN
        var diagnostic = Encoding.UTF8.GetString(op.ReadOctetString());
        return (code, diagnostic);
    }

    private static async ValueTask<byte[]> ReadMessageAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        await stream.ReadExactlyAsync(head, cancellationToken);
        if (head[0] != 0x30) throw new InvalidDataException("not an LDAP message");
        var length = head[1] & 0x7f;
        var lengthBytes = Array.Empty<byte>();
        if ((head[1] & 0x80) != 0)
        {
            if (length is 0 or > 3) throw new InvalidDataException("LDAP message length out of range");
            lengthBytes = new byte[length];
            await stream.ReadExactlyAsync(lengthBytes, cancellationToken);
            length = 0;
            foreach (var b in lengthBytes) length = (length << 8) | b;
        }
        if (length > MaxMessage) throw new InvalidDataException("LDAP message too large");
        var message = new byte[2 + lengthBytes.Length + length];
        head.CopyTo(message, 0);
        lengthBytes.CopyTo(message, 2);
        await stream.ReadExactlyAsync(message.AsMemory(2 + lengthBytes.Length, length), cancellationToken);
        return message;
    }
}
