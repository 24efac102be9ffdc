from django.urls import path

from support.forum import consumers

websocket_urlpatterns = [
    path("ws/forum/thread/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/forum/category/<int:category_id>/", consumers.CategoryConsumer.as_asgi()),
    path("ws/forum/review/", consumers.ReviewConsumer.as_asgi()),
]
