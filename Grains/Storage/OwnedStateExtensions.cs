using Orleans.Storage;

namespace Chord.Grains.Storage;

/// <summary>Writes for state that only its own activation writes (task units, bodies).</summary>
internal static class OwnedStateExtensions
{
    /// <summary>
    /// Writes the state; on an ETag conflict, which for a sole writer means an earlier write of ours landed though
    /// its answer was lost (storage restarting), takes the stored ETag and throws, so the caller's retry succeeds.
    /// </summary>
    public static async Task WriteOwnedStateAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            var mine = state.State;
            await state.ReadStateAsync();
            state.State = mine;
            throw;
        }
    }
}
