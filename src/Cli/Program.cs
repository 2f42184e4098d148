using Pulse.Cli;
using Pulse.Cli.Commands;

return CliApp.Run(args, CliContext.FromProcess());
