using Chord.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddChordApi();

var app = builder.Build();
app.MapChordApi();
app.Run();

/// <summary>The API's entry point, visible to tests.</summary>
public partial class Program;
