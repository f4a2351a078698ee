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
                ServerAddress.Parse(result.GetValueOrDefault<string>());
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
        Description = "Address of the admin API: HOST:PORT or http(s)://HOST:PORT",
        DefaultValueFactory = _ => ServerAddress.Default,
        HelpName = "address",
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
        root.Options.Add(Output);
    }

    public Uri ServerUri(ParseResult parse) => ServerAddress.Parse(parse.GetValue(Server));

    public OutputFormat Format(ParseResult parse) =>
        OutputFormats.TryParse(parse.GetValue(Output), out var format)
            ? format
            : throw new CtlException(OutputFormats.UnsupportedMessage(parse.GetValue(Output)));
}
