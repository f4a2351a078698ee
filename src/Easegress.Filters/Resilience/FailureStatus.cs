using Easegress.Protocols.Http;

namespace Easegress.Resilience;

/// <summary>
/// How the v1 resilience filters tell a failed call: by the status of the response the rest of the flow left, when
/// it is one of <c>failureStatusCodes</c>, or (with <c>countingNetworkError</c>) one Easegress gives network errors.
/// </summary>
internal sealed class FailureStatus(List<int>? codes, bool countingNetworkError)
{
    /// <summary>The statuses Easegress v1 counts as network errors: 408, 499, 502, 503, 504.</summary>
    private static readonly int[] NetworkErrors = [408, 499, 502, 503, 504];

    private readonly int[] _codes = codes?.ToArray() ?? [];

    public bool IsFailure(RequestContext context) => IsFailure(Of(context));

    public bool IsFailure(int status) =>
        Array.IndexOf(_codes, status) >= 0 || (countingNetworkError && Array.IndexOf(NetworkErrors, status) >= 0);

    /// <summary>The status of the response so far: the one in the context, or the one sent already.</summary>
    public static int Of(RequestContext context) =>
        context.ResponseSent || context.Response is null ? context.Http.Response.StatusCode : context.Response.StatusCode;
}
