"""A member suspended from the whole forum sees, on every forum page, the
moderators' message and the date the suspension ends (403) instead of the page.
Suspensions from one hub's categories answer 404 on those categories, through
conference/permissions.py like every other page; sockets close the same way."""

from django.shortcuts import render

from conference import permissions

# Pages a suspended member still reaches: the signed unfollow link from e-mails.
OPEN = frozenset({"unfollow"})


class ForumSuspensionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name != "forum" or match.url_name in OPEN:
            return None
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated) or not permissions.is_suspended(user, None):
            return None
        from support.forum.moderation import active_sanction

        sanction = active_sanction(user, None)
        return render(request, "forum/suspended.html", {"sanction": sanction}, status=403)
