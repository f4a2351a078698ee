namespace Easegress.Node.Configuration;

/// <summary>Bad command line, environment or config file: the message names the flag, variable or key.</summary>
public sealed class OptionsError(string message) : Exception(message);
