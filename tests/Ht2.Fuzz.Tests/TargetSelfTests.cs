using System;
using System.Collections.Generic;
using System.Text;

namespace Ht2.Fuzz.Tests;

// The targets' oracles can fail: each is shown an input where the thing it checks is wrong or absent.
public class TargetSelfTests
{
    // RFC 7541 C.3.1: ":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com".
    private static readonly byte[] C31 = Convert.FromHexString("828684410f7777772e6578616d706c652e636f6d");

    [Fact]
    public void The_nghttp2_oracle_decodes_the_RFC_7541_C_3_1_block()
    {
        using NgHttp2Inflater inflater = new();
        List<(byte[] Name, byte[] Value)> fields = new();
        Assert.True(inflater.TryDecode(C31, fields));
        Assert.Equal(
            [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"],
            fields.ConvertAll(f => Encoding.ASCII.GetString(f.Name) + ": " + Encoding.ASCII.GetString(f.Value)));
    }

    [Fact]
    public void The_nghttp2_oracle_refuses_index_0()
    {
        using NgHttp2Inflater inflater = new();
        Assert.False(inflater.TryDecode([0x80], new List<(byte[], byte[])>()));
    }

    [Fact]
    public void The_differential_target_passes_a_block_both_decode()
    {
        byte[] input = [(byte)C31.Length, .. C31];
        HpackDiffTarget.Run(input);
    }

    [Fact]
    public void The_frame_comparison_fails_when_the_paths_read_different_frame_counts()
    {
        List<FrameVerdict> one = [new(FrameReadStatus.Complete, default, 9, default, default, 0, null, 0, default, 0)];
        Assert.Throws<FuzzFailure>(() => FrameVerdict.CheckSame(one, new List<FrameVerdict>(), "test"));
    }

    [Fact]
    public void The_hpack_script_reads_blocks_and_table_sizes()
    {
        HpackScript script = new([0x02, 0xAA, 0xBB, 0xF1, 0x02, 0xEF, 0x00, 0x01, 0xCC]);
        Assert.True(script.MoveNext());
        Assert.Equal([0xAA, 0xBB], script.Block.ToArray());
        Assert.True(script.MoveNext());
        Assert.Equal((0x102) * 4, script.TableSize);
        Assert.True(script.MoveNext());
        Assert.Equal([0xCC], script.Block.ToArray());
        Assert.False(script.MoveNext());
    }
}
