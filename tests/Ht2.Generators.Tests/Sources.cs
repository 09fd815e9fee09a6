namespace Ht2.Generators.Tests;

/// <summary>User source snippets shared by the tests.</summary>
internal static class Sources
{
    /// <summary>PRIORITY_UPDATE (RFC 9218 §7.1): type 0x10, stream 0 only, a 31-bit stream id then the Priority Field Value.</summary>
    public const string PriorityUpdate = """
        using Ht2;

        namespace Contoso.Extensions;

        //  +-+-------------------------------------------------------------+
        //  |R|                Prioritized Stream ID (31)                   |
        //  +-+-------------------------------------------------------------+
        //  |                  Priority Field Value (*)                   ...
        //  +---------------------------------------------------------------+
        /// <summary>A PRIORITY_UPDATE frame (RFC 9218 §7.1).</summary>
        [Ht2Frame(0x10, StreamId = StreamIdRule.Zero)]
        public partial struct PriorityUpdateFrame
        {
            /// <summary>The stream whose priority is updated.</summary>
            [Ht2Bits(31)]
            public uint PrioritizedStreamId;
        }
        """;

    /// <summary>ORIGIN (RFC 8336 §2): type 0xc, stream 0, no fixed fields (the Origin-Entry list is the variable part).</summary>
    public const string Origin = """
        using Ht2;

        namespace Contoso.Extensions;

        /// <summary>An ORIGIN frame (RFC 8336).</summary>
        [Ht2Frame(0xc, StreamId = StreamIdRule.Zero)]
        public partial struct OriginFrame
        {
        }
        """;

    /// <summary>A frame with every supported field kind, plus a probe that drives the generated code.</summary>
    public const string AllKinds = """
        using System;
        using Ht2;

        namespace Contoso.AllKinds;

        public enum E8 : byte { None = 0, A = 0xA8 }
        public enum E16 : ushort { None = 0, A = 0xA16B }
        public enum E32 : uint { None = 0, A = 0xA320B32C }
        public enum E64 : ulong { None = 0, A = 0xA640B64C_D64E0F64 }

        [Ht2Frame(0x21, Flags = FrameFlags.EndStream | FrameFlags.Padded | FrameFlags.Priority | (FrameFlags)0x40, StreamId = StreamIdRule.NonZero)]
        public partial struct AllKindsFrame
        {
            [Ht2PadLength] public byte PadLength;
            public byte U8;
            public sbyte I8;
            public ushort U16;
            public short I16;
            [Ht2Bits(24)] public uint U24;
            public uint U32;
            public int I32;
            [Ht2Bits(31)] public uint U31;
            public ulong U64;
            public long I64;
            public E8 Enum8;
            public E16 Enum16;
            public E32 Enum32;
            public E64 Enum64;
            [Ht2Bits(1)] public bool Exclusive;
            [Ht2Bits(31)] public uint Dependency;
            [Ht2WhenFlag(FrameFlags.Priority)] public ushort WhenPriority16;
            [Ht2WhenFlag(FrameFlags.Priority)] public uint WhenPriority32;
            [Ht2WhenFlag((FrameFlags)0x40), Ht2Bits(1)] public bool WhenX40High;
            [Ht2WhenFlag((FrameFlags)0x40), Ht2Bits(31)] public uint WhenX40Low;
        }

        public static class Probe
        {
            public static AllKindsFrame Sample(FrameFlags flags) => new AllKindsFrame
            {
                StreamId = 0x01020304,
                Flags = flags,
                PadLength = 3,
                U8 = 0xF1,
                I8 = -2,
                U16 = 0xF2F3,
                I16 = -3,
                U24 = 0xF4F5F6,
                U32 = 0xF7F8F9FA,
                I32 = -4,
                U31 = 0x7B0C0D0E,
                U64 = 0x1122334455667788,
                I64 = -5,
                Enum8 = E8.A,
                Enum16 = E16.A,
                Enum32 = E32.A,
                Enum64 = E64.A,
                Exclusive = true,
                Dependency = 0x00000007,
                WhenPriority16 = 0x5152,
                WhenPriority32 = 0x53545556,
                WhenX40High = false,
                WhenX40Low = 0x7FFFFFFF,
            };

            /// <summary>Writes the prefix of Sample(flags) with a variable part of variableLength bytes.</summary>
            public static byte[] Write(byte flags, int variableLength)
            {
                AllKindsFrame frame = Sample((FrameFlags)flags);
                var buffer = new byte[AllKindsFrame.MaxPrefixLength];
                int written = frame.WritePrefix(buffer, variableLength);
                if (written != frame.PrefixLength)
                {
                    throw new InvalidOperationException("WritePrefix returned " + written + ", PrefixLength is " + frame.PrefixLength);
                }

                return buffer.AsSpan(0, written).ToArray();
            }

            /// <summary>Parses a whole frame (header + payload); null when TryParse rejects it.</summary>
            public static object? Parse(byte[] frameBytes, out byte[] variablePart, out string? error)
            {
                FrameHeader header = FrameHeader.Read(frameBytes);
                bool ok = AllKindsFrame.TryParse(in header, frameBytes.AsSpan(FrameHeader.Size), out AllKindsFrame frame, out ReadOnlySpan<byte> variable, out FrameError frameError);
                variablePart = variable.ToArray();
                error = frameError.IsError ? frameError.Code + "/" + frameError.Scope + ": " + frameError.Reason : null;
                return ok ? frame : null;
            }

            /// <summary>Parses through the static abstract interface, as a generic reader would.</summary>
            public static object Generic<T>(byte[] frameBytes) where T : struct, IHt2Frame<T>
            {
                FrameHeader header = FrameHeader.Read(frameBytes);
                return T.Parse(in header, frameBytes.AsSpan(FrameHeader.Size), out _);
            }

            public static object GenericParse(byte[] frameBytes) => Generic<AllKindsFrame>(frameBytes);

            public static int MaxPrefix() => MaxPrefixOf<AllKindsFrame>();

            private static int MaxPrefixOf<T>() where T : struct, IHt2Frame<T> => T.MaxPrefixLength;
        }
        """;

    public const string GlobalNamespace = """
        using Ht2;

        [Ht2Frame(0x30, StreamId = StreamIdRule.NonZero)]
        public partial struct GlobalFrame
        {
            public uint Value;
            [Ht2Bits(1)] public bool E;
            [Ht2Bits(31)] public uint Dependency;
        }
        """;

    public const string Nested = """
        using Ht2;

        namespace Contoso.Nesting
        {
            public static partial class Outer
            {
                internal partial class Middle
                {
                    [Ht2Frame(0x31, Flags = FrameFlags.Padded)]
                    public partial struct NestedFrame
                    {
                        [Ht2PadLength] public byte PadLength;
                        public ushort Value;
                    }
                }
            }
        }
        """;

    public const string RecordStruct = """
        using Ht2;

        namespace Contoso.Records;

        [Ht2Frame(0x32, PayloadLength = 6, SizeErrorScope = ErrorScope.Stream)]
        public partial record struct RecordFrame
        {
            public ushort Identifier;
            public uint Value;
        }
        """;
}
