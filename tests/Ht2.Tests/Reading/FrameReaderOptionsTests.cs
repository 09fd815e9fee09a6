using System;
using Xunit;

namespace Ht2.Tests.Reading;

public class FrameReaderOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var options = new FrameReaderOptions();
        Assert.Equal(16384, options.LocalMaxFrameSize);
        Assert.Equal(8, options.MaxContinuationFrames);
        Assert.Equal(65536, options.MaxHeaderBlockBytes);
        Assert.Equal(16384, FrameReaderOptions.Default.LocalMaxFrameSize);
    }

    [Theory]
    [InlineData(16384)]
    [InlineData(16_777_215)]
    public void LocalMaxFrameSize_AcceptsTheLegalBounds(int value) =>
        Assert.Equal(value, new FrameReaderOptions { LocalMaxFrameSize = value }.LocalMaxFrameSize);

    [Theory]
    [InlineData(16383)]
    [InlineData(16_777_216)]
    [InlineData(0)]
    public void LocalMaxFrameSize_RefusesValuesOutsideTheRfcRange(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameReaderOptions { LocalMaxFrameSize = value });

    [Fact]
    public void Caps_RefuseNegativeValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameReaderOptions { MaxContinuationFrames = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameReaderOptions { MaxHeaderBlockBytes = -1 });
    }

    [Fact]
    public void Caps_AcceptZero()
    {
        var options = new FrameReaderOptions { MaxContinuationFrames = 0, MaxHeaderBlockBytes = 0 };
        Assert.Equal(0, options.MaxContinuationFrames);
        Assert.Equal(0, options.MaxHeaderBlockBytes);
    }
}
