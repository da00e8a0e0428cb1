#!/usr/bin/env python3
"""UDP echo server: sends every datagram back to its sender. Usage: udp-echo PORT [PORT...]"""
import selectors
import socket
import sys

selector = selectors.DefaultSelector()
for port in sys.argv[1:] or ["7777"]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(port)))
    selector.register(s, selectors.EVENT_READ)
while True:
    for key, _ in selector.select():
        data, peer = key.fileobj.recvfrom(65535)
        key.fileobj.sendto(data, peer)
