using System.Net;
using System.Text.Json;

namespace Easegress.Ctl;

/// <summary>One answer of the admin API: status code and body text.</summary>
internal sealed record AdminReply(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>
    /// The error as <c>&lt;code&gt;: &lt;message&gt;</c>, taken from the server's <c>{"code", "message"}</c> body,
    /// or from the status line when the body is not in that form.
    /// </summary>
    public string ErrorText
    {
        get
        {
            var code = (int)Status;
            var message = "";
            if (TryReadErrorBody(Body, out var bodyCode, out var bodyMessage))
            {
                code = bodyCode ?? code;
                message = bodyMessage ?? "";
            }
            else
            {
                message = Body.Trim();
            }

            if (message.Length == 0)
            {
                message = ReasonPhrase(Status);
            }

            return $"{code}: {message}";
        }
    }

    private static bool TryReadErrorBody(string body, out int? code, out string? message)
    {
        code = null;
        message = null;
        if (body.Length == 0)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (root.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Number
                && codeElement.TryGetInt32(out var parsedCode))
            {
                code = parsedCode;
            }

            if (root.TryGetProperty("message", out var messageElement))
            {
                message = messageElement.ValueKind == JsonValueKind.String
                    ? messageElement.GetString()
                    : messageElement.GetRawText();
            }

            return code is not null || message is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string ReasonPhrase(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);
        return response.ReasonPhrase ?? status.ToString();
    }
}
