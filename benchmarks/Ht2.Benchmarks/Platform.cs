using System.Runtime.Versioning;

// The benchmarks call the descriptor (SafeHandle) paths, which exist on Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
