using Microsoft.Extensions.Options;
using Orleans.Metadata;

namespace Chord.Grains.Lanes;

/// <summary>
/// Sets the heavy worker's local-activation cap from <see cref="ChordEngineOptions.HeavyConcurrency"/>:
/// <c>[StatelessWorker(K)]</c> only takes a constant. Registered after Orleans' own providers, so it has the last word.
/// </summary>
internal sealed class HeavyWorkerLimitProvider(IOptions<ChordEngineOptions> options) : IGrainPropertiesProvider
{
    // The key StatelessWorkerPlacement reads its cap from (Orleans.Runtime.StatelessWorkerPlacement).
    private const string MaxLocalInstancesKey = "max-local-instances";

    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (grainClass == typeof(HeavyWorkerGrain))
        {
            properties[MaxLocalInstancesKey] = options.Value.HeavyConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
