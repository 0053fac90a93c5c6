namespace Chord.Api.Contracts;

/// <summary>What the page needs before its first API call: where the dashboard is, and whether to ask for a key.</summary>
public sealed record UiConfig(string DashboardUrl, bool ApiKeyRequired);
