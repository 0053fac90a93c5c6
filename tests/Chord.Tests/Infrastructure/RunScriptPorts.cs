namespace Chord.Tests.Infrastructure;

/// <summary>The ports one <c>./run.sh</c> system uses (its first silo's; Azurite's blob port, queue and table next to it).</summary>
public sealed record RunScriptPorts(int Api, int Dashboard, int Silo, int Gateway, int Azurite);
