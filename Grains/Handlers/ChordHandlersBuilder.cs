using Microsoft.Extensions.DependencyInjection;

namespace Chord.Grains.Handlers;

/// <summary>Registers handlers, one line each: <c>handlers.AddTask&lt;RenderTileHandler&gt;("render-tile", TaskLane.Heavy)</c>.</summary>
public sealed class ChordHandlersBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public ChordHandlersBuilder AddTask<THandler>(string name, TaskLane lane = TaskLane.Light)
        where THandler : class, ITaskHandler => Add<THandler>(name, HandlerKind.Task, lane);

    public ChordHandlersBuilder AddBody<THandler>(string name, TaskLane lane = TaskLane.Light)
        where THandler : class, IBodyHandler => Add<THandler>(name, HandlerKind.Body, lane);

    private ChordHandlersBuilder Add<THandler>(string name, HandlerKind kind, TaskLane lane)
        where THandler : class
    {
        Services.AddSingleton<THandler>();
        Services.AddSingleton(new HandlerDescriptor(name, kind, lane, typeof(THandler)));
        return this;
    }
}
