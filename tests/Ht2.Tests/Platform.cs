using System.Runtime.Versioning;

// The tests call the descriptor (SafeHandle) paths, which exist on Linux and macOS only; the socket, stream and
// pipe paths they also cover run everywhere.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
