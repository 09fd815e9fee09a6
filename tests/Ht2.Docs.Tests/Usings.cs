global using Ht2.Testing;
global using Xunit;
