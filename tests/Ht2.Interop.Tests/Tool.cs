using System;
using System.IO;

namespace Ht2.Interop.Tests;

/// <summary>Finds an external tool; a missing tool FAILS the test with the Debian package that provides it.</summary>
internal static class Tool
{
    public static string Find(string name, string debianPackage)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string directory in (path + ":/usr/bin:/usr/sbin:/usr/local/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{name}' is not installed: apt-get install -y {debianPackage} (or run .ci/deps).");
        return "";
    }

    public static string Curl => Find("curl", "curl");

    public static string Nghttp => Find("nghttp", "nghttp2-client");

    public static string H2load => Find("h2load", "nghttp2-client");

    public static string Nghttpd => Find("nghttpd", "nghttp2-server");
}
