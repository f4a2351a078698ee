using System.CommandLine;
using Easegress.Ctl.Output;

namespace Easegress.Ctl;

/// <summary>The flags every egctl command takes: <c>--server</c> and <c>-o/--output</c>.</summary>
internal sealed class GlobalOptions
{
    public GlobalOptions()
    {
        Server.Validators.Add(result =>
        {
            try
            {
                if (result.GetValueOrDefault<string>() is { } server) ServerAddress.Parse(server);
            }
            catch (CtlException e)
            {
                result.AddError(e.Message);
            }
        });
        Output.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!OutputFormats.TryParse(text, out _))
            {
                result.AddError(OutputFormats.UnsupportedMessage(text));
            }
        });
    }

    public Option<string> Server { get; } = new("--server")
    {
        Description = "Address of the admin API: HOST:PORT or http(s)://HOST:PORT (default: the egctl config's current context, else localhost:2381)",
        HelpName = "address",
        Recursive = true,
    };

    public Option<bool> ForceTls { get; } = new("--force-tls")
    {
        Description = "Use HTTPS even when the server address says http",
        Recursive = true,
    };

    public Option<bool> InsecureSkipVerify { get; } = new("--insecure-skip-verify")
    {
        Description = "Do not verify the server's certificate (testing only)",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: default (tables; YAML for the v1 commands), yaml or json",
        DefaultValueFactory = _ => OutputFormats.Default,
        HelpName = "default|yaml|json",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(ForceTls);
        root.Options.Add(InsecureSkipVerify);
        root.Options.Add(Output);
    }

    public Connection Connection(ParseResult parse) =>
        Ctl.Connection.Resolve(parse.GetValue(Server), parse.GetValue(ForceTls), parse.GetValue(InsecureSkipVerify),
            EgctlConfig.Load(EgctlConfig.DefaultPath));

    public OutputFormat Format(ParseResult parse) =>
        OutputFormats.TryParse(parse.GetValue(Output), out var format)
            ? format
            : throw new CtlException(OutputFormats.UnsupportedMessage(parse.GetValue(Output)));
}
