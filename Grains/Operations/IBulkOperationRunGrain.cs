namespace Chord.Grains.Operations;

/// <summary>The operation as the list of operations sees it: something to resume, and to forget once it is too old to keep.</summary>
[Alias("chord.IBulkOperationRunGrain")]
internal interface IBulkOperationRunGrain : IGrainWithStringKey
{
    /// <summary>Goes on with an unfinished operation (nothing if it runs already); false when none is stored under the id.</summary>
    [Alias("Resume")]
    Task<bool> ResumeAsync();

    /// <summary>Deletes the operation's record.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
