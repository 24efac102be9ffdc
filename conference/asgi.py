import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from conference.admission import HandshakeAdmission, auth_stack  # noqa: E402
from conference.health import HealthzFirst  # noqa: E402
from conference.process import (  # noqa: E402
    skip_autobahn_debug_formatting,
    tune_garbage_collection,
)
from conference.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # /healthz before Django's middleware: cheap for the load balancer's frequent asks.
        "http": HealthzFirst(django_asgi_app),
        # Admission first: a handshake beyond the limit costs no session lookup.
        "websocket": HandshakeAdmission(
            AllowedHostsOriginValidator(auth_stack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

tune_garbage_collection()
skip_autobahn_debug_formatting()
