#!/usr/bin/env python3
"""Writes the hand-written seeds of every target into fuzz/corpus/<target>/rfc-*.

Each seed is an RFC 9113 frame sequence or an RFC 7541 Appendix C header block, written out byte by byte here
(never produced by Ht2's own writer), prefixed with the target's control byte (see each target's remarks).
"""
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")

def h(text):
    return bytes.fromhex(text.replace(" ", ""))

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

# Frames (RFC 9113 §6): 3-byte length, type, flags, 4-byte stream id, payload.
FRAMES = {
    "settings": "000000 04 00 00000000",
    "settings-entries": "00000c 04 00 00000000 0003 00000064 0004 0000ffff",
    "settings-ack": "000000 04 01 00000000",
    "ping": "000008 06 00 00000000 0102030405060708",
    "ping-ack": "000008 06 01 00000000 0102030405060708",
    # RFC 7541 C.4.1 as a HEADERS frame with END_STREAM | END_HEADERS on stream 1.
    "headers": "000011 01 05 00000001 828684418cf1e3c2e5f23a6ba0ab90f4ff",
    "headers-continuation": "000004 01 01 00000001 82868441 00000d 09 04 00000001 8cf1e3c2e5f23a6ba0ab90f4ff",
    "headers-padded-priority": "00000b 01 2c 00000003 02 80000001 0f 828684 0000",
    "data-padded": "000008 00 09 00000001 03 61626364 000000",
    "data": "000005 00 00 00000001 68656c6c6f",
    "priority": "000005 02 00 00000003 80000001 10",
    "rst-stream": "000004 03 00 00000001 00000008",
    "push-promise": "000008 05 04 00000001 00000002 82868441",
    "goaway": "00000c 07 00 00000000 00000001 00000000 64656275",
    "window-update": "000004 08 00 00000000 0000ffff",
    "window-update-zero": "000004 08 00 00000001 00000000",
    "unknown-type": "000003 10 ff 00000005 616263",
    "ping-short": "000007 06 00 00000000 01020304050607",
    "settings-bad-window": "000006 04 00 00000000 0004 80000000",
    "continuation-orphan": "000003 09 04 00000001 828684",
    "priority-stream-error": "000004 02 00 00000001 00000001",
}

# RFC 7541 Appendix C header blocks: (control byte, [blocks]).
HPACK = {
    "c3-requests": (0x00, ["828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865",
                           "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"]),
    "c4-requests-huffman": (0x00, ["828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf",
                                   "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"]),
    "c5-responses-256": (0x08, [
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31"]),
    "c6-responses-huffman-256": (0x08, [
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007"]),
    # The same requests, re-encoded with Huffman coding (control bit 4) and as never-indexed literals (bit 5).
    "c3-reencode-huffman": (0x10, ["828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865"]),
    "c4-reencode-huffman-never-indexed": (0x30, ["828684418cf1e3c2e5f23a6ba0ab90f4ff", "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"]),
    # C.2.1-C.2.4: literal with indexing, without indexing, never indexed, indexed.
    "c2-literals": (0x01, ["400a637573746f6d2d6b65790d637573746f6d2d686561646572", "040c2f73616d706c652f70617468",
                           "100870617373776f726406736563726574", "82"]),
    # A table size update to 0 then 100 at the start of a block, after SETTINGS_HEADER_TABLE_SIZE 256 (op f0 40).
    "size-updates": (0x00, ["f040", "203f4582868441", "82"]),
}

# The session target's peer after the handshake: (control byte, frames). Server role takes requests, client role
# answers its stream 1 (a GET the target opens).
SESSION = {
    "server-get": (0x00, ["headers"]),
    "server-post-data": (0x02, ["000011 01 04 00000001 838684418cf1e3c2e5f23a6ba0ab90f4ff", "data", "000000 00 01 00000001"]),
    "server-control": (0x04, ["ping", "window-update", "settings-entries", "priority", "headers", "rst-stream", "goaway"]),
    "server-continuation": (0x10, ["headers-continuation", "headers-padded-priority"]),
    "server-bad-frames": (0x00, ["window-update-zero", "ping-short"]),
    # A 70,000-byte answer: the peer's WINDOW_UPDATEs (connection, stream 1) and a larger INITIAL_WINDOW_SIZE release it.
    "server-long-body": (0x40, ["headers", "000004 08 00 00000000 00010000", "000004 08 00 00000001 00010000",
                                "000006 04 00 00000000 0004 00020000"]),
    "server-post-consume-by-hand": (0x22, ["000011 01 04 00000001 838684418cf1e3c2e5f23a6ba0ab90f4ff", "data", "000000 00 01 00000001"]),
    "client-response": (0x01, ["000001 01 04 00000001 88", "data", "000000 00 01 00000001"]),
    "client-response-trailers": (0x03, ["000001 01 04 00000001 88", "data-padded", "000005 01 05 00000001 400161 0162"]),
    "client-push": (0x11, ["push-promise", "000001 01 05 00000001 88"]),
}

# The round-trip target's frame specs (fuzz/Ht2.Fuzz/FrameSpec.cs): kind, flags, stream id, pad, bits (1: E bit,
# 2: two-byte length), weight, 31-bit field, 32-bit field, 64-bit field, length, variable part.
ROUNDTRIP = {
    "data-padded": "00 09 00000001 03 00 00 00000000 00000000 0000000000000000 05 68656c6c6f",
    "headers-priority": "01 25 00000003 00 01 0f 00000001 00000000 0000000000000000 03 828684",
    "priority": "02 00 00000003 00 01 10 00000001 00000000 0000000000000000 00",
    "rst-stream": "03 00 00000001 00 00 00 00000000 00000008 0000000000000000 00",
    "settings": "04 00 00000000 00 00 00 00000000 00000000 0000000000000000 0c 000300000064 00040000ffff",
    "settings-bad-value": "04 00 00000000 00 00 00 00000000 00000000 0000000000000000 06 000280000000",
    "push-promise": "05 04 00000001 00 00 00 00000002 00000000 0000000000000000 02 8286",
    "ping": "06 00 00000000 00 00 00 00000000 00000000 0102030405060708 00",
    "goaway": "07 00 00000000 00 00 00 00000001 00000002 0000000000000000 04 64656275",
    "window-update": "08 00 00000001 00 00 00 0000ffff 00000000 0000000000000000 00",
    "continuation": "09 04 00000001 00 00 00 00000000 00000000 0000000000000000 02 8486",
    "data-large": "00 01 00000005 00 02 00 00000000 00000000 0000000000000000 2000 6162636465",
}

def session_input(control, frames):
    return bytes([control]) + b"".join(h(FRAMES.get(f, f)) for f in frames)

def hpack_input(control, blocks):
    out = bytearray([control])
    for block in blocks:
        if block.startswith("f"):
            out += h(block)
            continue
        out += hpack_block_op(h(block))
    return bytes(out)

def hpack_block_op(block):
    """One HpackScript block operation: a length byte (or 0xEF and two length bytes), then the block."""
    block = block[:0xFFFF]
    if len(block) < 0xEF:
        return bytes([len(block)]) + block
    return bytes([0xEF, len(block) >> 8, len(block) & 0xFF]) + block

def write(target, name, data, prefix="rfc-"):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, prefix + name), "wb") as f:
        f.write(data)

def main():
    for name, text in FRAMES.items():
        write("frames", name, b"\x00" + h(text))
    write("frames", "all-small-cuts", b"\x05" + b"".join(h(t) for t in FRAMES.values()))
    for control, (name, spec) in enumerate(ROUNDTRIP.items()):
        write("roundtrip", name, bytes([control % 3]) + h(spec))
    write("roundtrip", "all", b"\x01" + b"".join(h(spec) for spec in ROUNDTRIP.values()))
    for name, (control, frames) in SESSION.items():
        write("session", name, session_input(control, frames))
    for name, (control, blocks) in HPACK.items():
        data = hpack_input(control, blocks)
        write("hpack", name, data)
        # hpack-diff starts with 4096 like nghttp2's inflater and has no control byte: the 256-byte examples
        # lower SETTINGS_HEADER_TABLE_SIZE (op f0 40) and open their first block with the size update 3f e1 01.
        diff = hpack_input(0, blocks)[1:]
        if control & 0x0C == 0x08:
            diff = b"\xf0\x40" + hpack_input(0, ["3fe101" + blocks[0]] + blocks[1:])[1:]
        write("hpack-diff", name, diff)
    return 0

if __name__ == "__main__":
    sys.exit(main())
