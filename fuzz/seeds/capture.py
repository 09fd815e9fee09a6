#!/usr/bin/env python3
"""Records real HTTP/2 traffic as fuzz seeds: a loopback TCP proxy between a real client (curl, nghttp, h2load)
and a server (samples/Ht2.H2cServer or nghttpd), one file per connection and direction, then turns each recording
into inputs for the frames, session, hpack and hpack-diff targets (fuzz/corpus/<target>/cap-*).

usage: capture.py proxy <listen port> <server port> <folder>   (runs until killed)
       capture.py seeds <folder>                                (writes the corpus inputs)
"""
import os
import socket
import sys
import threading

from rfc_seeds import hpack_block_op, write as write_seed

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def pump(source, sink, path):
    with open(path, "wb") as record:
        while True:
            data = source.recv(65536)
            if not data:
                break
            record.write(data)
            sink.sendall(data)
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def proxy(listen_port, server_port, folder):
    os.makedirs(folder, exist_ok=True)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    count = 0
    while True:
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", server_port))
        count += 1
        base = os.path.join(folder, "conn%03d" % count)
        threading.Thread(target=pump, args=(client, server, base + ".c2s"), daemon=True).start()
        threading.Thread(target=pump, args=(server, client, base + ".s2c"), daemon=True).start()


def frames(data):
    """(type, flags, stream, payload) of every whole frame."""
    out = []
    i = 0
    while i + 9 <= len(data):
        length = int.from_bytes(data[i:i + 3], "big")
        if i + 9 + length > len(data):
            break
        out.append((data[i + 3], data[i + 4], int.from_bytes(data[i + 5:i + 9], "big") & 0x7FFFFFFF, data[i + 9:i + 9 + length]))
        i += 9 + length
    return out


def header_blocks(data):
    """The header blocks in connection order: HEADERS/PUSH_PROMISE fragments (padding and priority removed) and CONTINUATIONs joined."""
    blocks = []
    current = None
    for ftype, flags, _, payload in frames(data):
        if ftype in (1, 5):
            pad = payload[0] if flags & 0x08 else 0
            start = 1 if flags & 0x08 else 0
            if ftype == 1 and flags & 0x20:
                start += 5
            if ftype == 5:
                start += 4
            current = bytearray(payload[start:len(payload) - pad])
        elif ftype == 9 and current is not None:
            current += payload
        else:
            continue
        if flags & 0x04:
            blocks.append(bytes(current))
            current = None
    return blocks


def hpack_ops(blocks):
    return b"".join(hpack_block_op(block) for block in blocks)


def write(target, name, data):
    write_seed(target, name, data, prefix="cap-")


def seeds(folder):
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        if not data:
            continue
        tag = name.replace(".", "-")
        if data.startswith(PREFACE):
            data = data[len(PREFACE):]
            # The session target gives its own preface and SETTINGS; the client's SETTINGS come again after them.
            write("session", tag, b"\x00" + data[:8192])
        else:
            write("session", tag, b"\x01" + data[:8192])
        write("frames", tag, b"\x00" + data[:8192])
        blocks = header_blocks(data)
        if blocks:
            # The blocks were encoded against the peer's SETTINGS_HEADER_TABLE_SIZE, 4096 in every recording here.
            write("hpack", tag, b"\x03" + hpack_ops(blocks))
            write("hpack-diff", tag, hpack_ops(blocks))


if __name__ == "__main__":
    if sys.argv[1] == "proxy":
        proxy(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        seeds(sys.argv[2])
