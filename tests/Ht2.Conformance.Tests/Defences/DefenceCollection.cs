namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// The defence cases run alone, after the parallel conformance classes: they measure the process's managed memory
/// and load the server, which other cases running beside them would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefenceCollection
{
    public const string Name = "Defences";
}
