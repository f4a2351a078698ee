namespace Easegress.Ctl.Tests;

/// <summary>The quick start's objects, in the v2 dialect, as the tests send and seed them.</summary>
internal static class SampleSpecs
{
    public const string Server = """
        name: server-demo
        kind: HTTPServer
        port: 10080
        rules:
          - paths:
              - pathPrefix: /pipeline
                backend: pipeline-demo
        """;

    public const string Pipeline = """
        name: pipeline-demo
        kind: Pipeline
        flow:
          - filter: proxy
        filters:
          - name: proxy
            kind: Proxy
            pools:
              - servers:
                  - url: http://127.0.0.1:9095
                loadBalance:
                  policy: roundRobin
        """;

    /// <summary>Both, as one stream with a comment on top.</summary>
    public const string ServerAndPipeline = "# the quick start's objects\n" + Server + "\n---\n" + Pipeline;
}
