namespace Chord.Client;

/// <summary>Every key and handler with limits in effect.</summary>
public sealed record LimitList(LimitSetting[] Keys, LimitSetting[] Handlers);
