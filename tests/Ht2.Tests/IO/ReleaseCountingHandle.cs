using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>A handle that records that its last reference went away (every DangerousAddRef matched by a release, then the dispose).</summary>
internal sealed class ReleaseCountingHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ReleaseCountingHandle()
        : base(ownsHandle: true) => SetHandle(1002);

    public bool Released { get; private set; }

    protected override bool ReleaseHandle()
    {
        Released = true;
        return true;
    }
}
