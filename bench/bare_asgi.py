"""The yardstick for bench/circles.py: a bare Channels consumer that echoes and
broadcasts to its group, with no database and no permission checks, on the same
channel layer and the same Daphne set-up as the real circle consumer."""

import os

import django
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path

from conference.process import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
django.setup()


class EchoBroadcastConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = f"bare-{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.channel_layer.group_send(self.group, {"type": "room.message", "data": content})

    async def room_message(self, event):
        await self.send_json(event["data"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/bare/<int:room>/", EchoBroadcastConsumer.as_asgi())])}
)
tune_garbage_collection()  # the same process set-up as conference/asgi.py
