"""Helpers for tests of live sockets: connect to a circle, wait for a kind of message,
drain what arrives, wait for the server to close a socket."""

import asyncio
import json

from tests.sockets import socket_for


class Sockets:
    """Sockets a test opens, all closed at its end (see the `sockets` fixtures)."""

    def __init__(self):
        self.open = []

    async def connect(self, user, path: str):
        """(socket, None) once accepted, or (None, close code)."""
        socket = await socket_for(user, path)
        self.open.append(socket)
        connected, code = await socket.connect(timeout=5)
        return (socket, None) if connected else (None, code)

    async def circle(self, user, session):
        """(socket, the circle's state as sent on connecting), or (None, close code)."""
        socket, code = await self.connect(user, f"/ws/circles/{session.pk}/")
        if socket is None:
            return None, code
        return socket, await next_of(socket, "circle.state")

    async def close_all(self):
        # Time for each consumer to finish its database work (a busy machine is slow):
        # a consumer cancelled half-way leaves its worker thread holding a connection.
        while self.open:
            await self.open.pop().disconnect(timeout=10)


async def next_of(socket, kind, where=lambda message: True, seconds=5):
    """The next message of type `kind` matching `where`, skipping others."""
    async with asyncio.timeout(seconds):
        while True:
            message = await socket.receive_json_from(timeout=seconds)
            if message["type"] == kind and where(message):
                return message


async def drain(socket, seconds=0.5) -> list[dict]:
    """Everything that arrives until `seconds` pass quietly (the socket stays usable:
    a timed-out receive would cancel the consumer)."""
    messages = []
    while not await socket.receive_nothing(timeout=seconds):
        output = await socket.receive_output()
        if output["type"] == "websocket.close":
            messages.append({"type": "closed", "code": output.get("code")})
            break
        messages.append(json.loads(output["text"]))
    return messages


async def closed_within(socket, seconds: float) -> int:
    """The code the server closes `socket` with, within `seconds` (skipping what
    arrives before); fails with TimeoutError if it stays open."""
    async with asyncio.timeout(seconds):
        while True:
            output = await socket.receive_output(timeout=seconds)
            if output["type"] == "websocket.close":
                return output.get("code")
