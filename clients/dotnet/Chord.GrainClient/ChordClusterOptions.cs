using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Chord.GrainClient;

/// <summary>
/// Which Chord cluster an Orleans client joins, bound from <c>Chord:Client</c> in the API. Every default matches a
/// silo started with its defaults (and <c>./run.sh</c>).
/// </summary>
public sealed class ChordClusterOptions : IValidatableObject
{
    public const string SectionName = "Chord:Client";

    /// <summary>How the silos are found. Default <see cref="ChordClustering.Localhost"/>.</summary>
    public ChordClustering Clustering { get; set; } = ChordClustering.Localhost;

    /// <summary>The silos' gateway ports (localhost clustering). Default [30000] (used when the list is empty).</summary>
    public int[] GatewayPorts { get; set; } = [];

    /// <summary>Where those gateways listen: an IP address or a host name (localhost clustering). Default <c>127.0.0.1</c>.</summary>
    [Required]
    public string GatewayHost { get; set; } = "127.0.0.1";

    /// <summary>The Azure Storage connection string of the silos' membership table (azure clustering); <c>UseDevelopmentStorage=true</c> for Azurite. Default: none.</summary>
    public string? AzureStorage { get; set; }

    /// <summary>Cluster id shared with the silos (<c>Chord:Silo:ClusterId</c>). Default <c>chord</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]+$", ErrorMessage = "ClusterId must be letters, digits and dashes (it names storage tables).")]
    public string ClusterId { get; set; } = "chord";

    /// <summary>Service id shared with the silos (<c>Chord:Silo:ServiceId</c>). Default <c>chord</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "chord";

    /// <summary>
    /// The options in <c>Chord:Client</c> of <paramref name="configuration"/>, with <see cref="AzureStorage"/> from
    /// <c>ConnectionStrings:AzureStorage</c> when the section does not name one (as the silos read it).
    /// </summary>
    public static ChordClusterOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ChordClusterOptions>() ?? new ChordClusterOptions();
        options.AzureStorage ??= configuration.GetConnectionString("AzureStorage");
        return options;
    }

    /// <summary>The gateway ports in use: <see cref="GatewayPorts"/>, or 30000 when none were given.</summary>
    public IReadOnlyList<int> GatewayPortsOrDefault => GatewayPorts.Length == 0 ? [30000] : GatewayPorts;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Clustering == ChordClustering.Azure && string.IsNullOrWhiteSpace(AzureStorage))
        {
            // Not a silent fallback to a local emulator: a client meant for a real account must not look for silos elsewhere.
            yield return new ValidationResult(
                "Chord:Client:Clustering is 'azure' but ConnectionStrings:AzureStorage is not set. Set it (UseDevelopmentStorage=true for Azurite on its default ports), or use Clustering=localhost.",
                [nameof(AzureStorage)]);
        }

        if (GatewayPorts.Any(port => port is < 1 or > 65535))
        {
            yield return new ValidationResult("Chord:Client:GatewayPorts must be ports between 1 and 65535.", [nameof(GatewayPorts)]);
        }
    }
}
