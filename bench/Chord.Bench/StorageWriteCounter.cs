using System.Diagnostics.Metrics;

namespace Chord.Bench;

/// <summary>Counts grain-state writes in this process, from Orleans' own storage-write instrument.</summary>
public sealed class StorageWriteCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _writes;

    public StorageWriteCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.Orleans" && instrument.Name == "orleans-storage-write-latency")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _writes));
        _listener.Start();
    }

    public long Writes => Interlocked.Read(ref _writes);

    public void Dispose() => _listener.Dispose();
}
