namespace Chord.Cli;

/// <summary>The command line asks for something that cannot be done as written (e.g. both a spec file and task flags).</summary>
public sealed class CliUsageException(string message) : Exception(message);
