return Pulse.Cli.CliApp.Run(args, Console.Out, Console.Error);
