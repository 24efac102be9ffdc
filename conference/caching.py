"""Pages with personal data are never kept by a browser's or a proxy's cache.

A ticket, a calendar-feed address, a pseudonym in the menu, an organiser's list:
on a shared phone or an internet café's computer, a cached copy outlives the
session. One rule, applied by `PrivatePagesMiddleware`: a response is
`Cache-Control: private, no-store` when the viewer is signed in, when the view
is marked `@private_page` (pages reached without signing in, such as the
calendar feed with its secret address), or when it is an account page."""

from django.utils.cache import patch_cache_control

PRIVATE_MODULES = ("allauth.", "django.contrib.admin.")


def private_page(view):
    """Mark a view whose responses hold personal data, whoever asks."""
    view.flh_private_page = True
    return view


def _is_private_view(view) -> bool:
    if getattr(view, "flh_private_page", False):
        return True
    view_class = getattr(view, "view_class", None)
    module = getattr(view_class or view, "__module__", "") or ""
    return module.startswith(PRIVATE_MODULES)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or getattr(request, "_flh_private_page", False):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._flh_private_page = _is_private_view(view_func)
        return None
