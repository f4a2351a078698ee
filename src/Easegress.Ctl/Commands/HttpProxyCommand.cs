using System.CommandLine;
using Easegress.Ctl.HttpProxy;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl create httpproxy NAME --port P --rule HOST/PATH=EP1,EP2 ...</c>: an HTTPServer and one Pipeline per
/// rule (<see cref="HttpProxyObjects"/>), created in that order. <c>--tls</c> with <c>--cert-file</c>/<c>--key-file</c>
/// pairs and <c>--ca-cert-file</c> makes the server HTTPS; automatic certificates are not supported.
/// </summary>
internal static class HttpProxyCommand
{
    public static Command Create(EgctlCli cli)
    {
        var name = new Argument<string>("name") { Description = "The HTTPServer's name; pipelines are named NAME-0, NAME-1, ..." };
        var port = new Option<int?>("--port") { Description = "The HTTPServer's port", HelpName = "port" };
        var rules = new Option<string[]>("--rule")
        {
            Description = "HOST/PATH=ENDPOINT1,ENDPOINT2 (repeatable); a path ending in * is a prefix, an empty host is any host",
            HelpName = "rule",
            AllowMultipleArgumentsPerToken = false,
        };
        var tls = new Option<bool>("--tls") { Description = "Serve HTTPS with the given certificates" };
        var certFiles = new Option<string[]>("--cert-file") { Description = "A certificate file (PEM, repeatable; pairs with --key-file in order)", HelpName = "file" };
        var keyFiles = new Option<string[]>("--key-file") { Description = "A private key file (PEM, repeatable)", HelpName = "file" };
        var caCertFile = new Option<string?>("--ca-cert-file") { Description = "A CA certificate file to verify client certificates", HelpName = "file" };
        Option[] autoCert =
        [
            new Option<bool>("--auto-cert") { Description = "Not supported: automatic certificates (AutoCertManager)" },
            new Option<string?>("--auto-cert-email") { Description = "Not supported", HelpName = "email" },
            new Option<string?>("--auto-cert-domain-name") { Description = "Not supported", HelpName = "domain" },
            new Option<string[]>("--dns-provider") { Description = "Not supported", HelpName = "key=value" },
        ];
        var command = new Command("httpproxy", "Create an HTTPServer and one Pipeline per rule, proxying to the rule's endpoints")
        {
            name, port, rules, tls, certFiles, keyFiles, caCertFile,
        };
        foreach (var option in autoCert)
        {
            command.Options.Add(option);
        }

        cli.SetAction(command, async (context, parse, ct) =>
        {
            if (autoCert.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } refused)
            {
                throw new CtlException($"{refused.Name} is not supported: Easegress.NET has no AutoCertManager yet; give --tls with --cert-file and --key-file");
            }

            var portNumber = parse.GetValue(port) ?? throw new CtlException("--port is required");
            if (portNumber is < 1 or > 65535)
            {
                throw new CtlException($"--port {portNumber} is not a port (1-65535)");
            }

            var ruleTexts = parse.GetValue(rules) ?? [];
            if (ruleTexts.Length == 0)
            {
                throw new CtlException("--rule is required (HOST/PATH=ENDPOINT1,ENDPOINT2)");
            }

            var material = await TlsFiles.ReadAsync(
                parse.GetValue(tls), parse.GetValue(certFiles) ?? [], parse.GetValue(keyFiles) ?? [], parse.GetValue(caCertFile), ct).ConfigureAwait(false);
            var specs = HttpProxyObjects.Build(parse.GetRequiredValue(name), portNumber, ruleTexts.Select(HttpProxyRule.Parse).ToList(), material);
            return await SpecWrites.CreateAsync(context, specs, Dialect.V2, ct, oneByOne: true).ConfigureAwait(false);
        });
        return command;
    }
}
