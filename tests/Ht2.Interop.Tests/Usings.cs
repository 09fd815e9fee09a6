global using Ht2.Testing;
global using Xunit;

// The external tools compete for 2 cores; run one test at a time so timings and the h2load run stay honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
