namespace Pulse.Language.Diagnostics;

public enum DiagnosticSeverity { Error, Warning, Info }
