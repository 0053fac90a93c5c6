namespace Chord.Demo.Handlers;

/// <summary>What <c>digest</c> returns: results read, their bytes (as hashed) and the SHA-256 in hex.</summary>
public sealed record DigestResult(long Results, long Bytes, string Sha256);
