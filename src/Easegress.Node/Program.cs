using Easegress.Threading;
using Easegress.Node;
using Easegress.Node.Configuration;

SocketCompletions.RunInline();   // before any socket exists

LoadedOptions loaded;
try
{
    loaded = ServerOptionsLoader.Load(args, Environment.GetEnvironmentVariables());
}
catch (OptionsError e)
{
    Console.Error.WriteLine($"easegress-server: {e.Message}");
    Console.Error.WriteLine("Run 'easegress-server --help' for the flags.");
    return 2;
}

if (loaded.ShowHelp) { Console.WriteLine(OptionsDocument.Help()); return 0; }
if (loaded.ShowVersion) { Console.WriteLine($"easegress-server {NodeHost.Version}"); return 0; }
if (loaded.PrintConfig) { Console.Write(NodeHost.PrintConfig(loaded.Options)); return 0; }

return await NodeHost.RunAsync(loaded);
