using Chord.GrainClient;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Clients;

/// <summary>
/// <c>UseChordCluster</c>: an Orleans client joins a running cluster with only the silos' cluster id and gateway
/// port (nothing else wired by hand) and drives a chord through the grain contract; bad settings fail before it starts.
/// </summary>
public sealed class GrainClientTests
{
    [Fact]
    public async Task AClientMadeInOneCallSubmitsAndReadsAChord()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var apiSettings = api.ApiServices.GetRequiredService<IConfiguration>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Chord:Client:clustering"] = "LOCALHOST"; // bound case-insensitively
        builder.Configuration["Chord:Client:GatewayPorts:0"] = apiSettings["Chord:Client:GatewayPorts:0"];
        builder.Configuration["Chord:Client:ClusterId"] = apiSettings["Chord:Client:ClusterId"];
        builder.Configuration["Chord:Client:ServiceId"] = apiSettings["Chord:Client:ServiceId"];
        var options = builder.Configuration.GetSection(ChordClusterOptions.SectionName).Get<ChordClusterOptions>()!;
        builder.UseOrleansClient(client => client.UseChordCluster(options));
        using var host = builder.Build();
        await host.StartAsync();

        var chord = host.Services.GetRequiredService<IClusterClient>().GetGrain<IChordGrain>("grain-client");
        await chord.SubmitAsync(new ChordSpec { Tasks = [new TaskSpec("noop", null), new TaskSpec("noop", null)], Body = new TaskSpec("count", null) });
        var progress = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ChordClustering.Localhost, options.Clustering);
        Assert.Equal((ChordStatus.Succeeded, "2"), (progress.Status, progress.Body.Result));
        await host.StopAsync();
    }

    [Fact]
    public void AzureClusteringWithoutAConnectionStringOrABadPortFailsBeforeTheClientStarts()
    {
        var noStorage = Assert.Throws<OptionsValidationException>(() =>
            Host.CreateApplicationBuilder().UseOrleansClient(client => client.UseChordCluster(o => o.Clustering = ChordClustering.Azure)));
        var badPort = Assert.Throws<OptionsValidationException>(() =>
            Host.CreateApplicationBuilder().UseOrleansClient(client => client.UseChordCluster(o => o.GatewayPorts = [70000])));
        var badId = Assert.Throws<OptionsValidationException>(() =>
            Host.CreateApplicationBuilder().UseOrleansClient(client => client.UseChordCluster(o => o.ClusterId = "no spaces")));

        Assert.Contains("ConnectionStrings:AzureStorage", noStorage.Message);
        Assert.Contains("GatewayPorts", badPort.Message);
        Assert.Contains("ClusterId", badId.Message);
        Assert.Null(Record.Exception(() => Host.CreateApplicationBuilder().UseOrleansClient(client =>
            client.UseChordCluster(o => (o.Clustering, o.AzureStorage) = (ChordClustering.Azure, "UseDevelopmentStorage=true")))));
    }
}
