extern alias silo;

using Chord.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Hosting;

/// <summary>
/// Azure storage or clustering without a connection string is an error at start-up, not a silent fallback to a
/// local emulator (a silo or an API meant for a real account must not run against another).
/// </summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public void ASiloWithAzureStorageAndNoConnectionStringRefusesToStart()
    {
        var builder = WebApplication.CreateBuilder(["--Chord:Silo:Storage=azure"]);

        var error = Assert.Throws<OptionsValidationException>(() => silo::Chord.Silo.SiloHostingExtensions.AddChordSilo(builder));

        Assert.Contains("ConnectionStrings:AzureStorage", error.Message);
    }

    [Fact]
    public void ASiloReadsItsStorageModeCaseInsensitivelyAndNamesAModeItDoesNotKnow()
    {
        var upper = WebApplication.CreateBuilder(["--Chord:Silo:Storage=AZURE"]);
        var unknown = WebApplication.CreateBuilder(["--Chord:Silo:Storage=disk"]);

        var noConnection = Assert.Throws<OptionsValidationException>(() => silo::Chord.Silo.SiloHostingExtensions.AddChordSilo(upper));
        var wrong = Assert.Throws<OptionsValidationException>(() => silo::Chord.Silo.SiloHostingExtensions.AddChordSilo(unknown));

        Assert.Contains("ConnectionStrings:AzureStorage", noConnection.Message); // read as azure
        Assert.Contains("'memory' or 'azure'", wrong.Message);
        Assert.Contains("disk", wrong.Message);
    }

    [Fact]
    public void AnApiWithAzureClusteringAndNoConnectionStringRefusesToStart()
    {
        var builder = WebApplication.CreateBuilder(["--Chord:Client:Clustering=azure"]);

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddChordClusterClient());

        Assert.Contains("ConnectionStrings:AzureStorage", error.Message);
    }

    [Fact]
    public void GivenTheConnectionStringBothStartTheirWiring()
    {
        const string azurite = "UseDevelopmentStorage=true";
        var siloBuilder = WebApplication.CreateBuilder(["--Chord:Silo:Storage=azure", $"--ConnectionStrings:AzureStorage={azurite}"]);
        var apiBuilder = WebApplication.CreateBuilder(["--Chord:Client:Clustering=azure", $"--ConnectionStrings:AzureStorage={azurite}"]);

        Assert.Null(Record.Exception(() => silo::Chord.Silo.SiloHostingExtensions.AddChordSilo(siloBuilder)));
        Assert.Null(Record.Exception(() => Program.AddApi(apiBuilder)));
    }
}
