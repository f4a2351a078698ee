using Easegress.Ctl;

return await EgctlCli.RunAsync(args, CtlConsole.Standard());
