"""The forum's pages. Reading needs an account (the forum is a place for families,
not for the open web); a category, thread or post the person may not see answers
404 whether or not it exists. Every write goes through services.py; a refusal
comes back on the form, with what was typed."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import permissions
from conference.caching import private_page
from support.forum import digest, search, selectors, services
from support.forum.forms import EditForm, FollowForm, ReplyForm, SearchForm, ThreadForm
from support.forum.models import Category, Follow, Post, State, Thread

LAST_VISIT_KEY = "forum_last_visit"


# Lookups: the object, or 404 ------------------------------------------------------


def _get_category_for_user(user, slug: str) -> Category:
    category = get_object_or_404(Category.objects.select_related("hub"), slug=slug)
    if not permissions.can_see_category(user, category):
        raise Http404
    return category


def _get_thread_for_user(user, pk: int) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("category", "author"), pk=pk)
    if not permissions.can_see_thread(user, thread):
        raise Http404
    return thread


def _get_post_for_user(user, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__category", "author"), pk=pk)
    if not permissions.can_see_thread(user, post.thread):
        raise Http404
    if post.state == State.PENDING and not permissions.can_see_post(user, post):
        raise Http404
    return post


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _post_url(post: Post) -> str:
    url = reverse("forum:thread", args=[post.thread_id])
    page = selectors.page_of(post.position)
    query = f"?page={page}" if page > 1 else ""
    return f"{url}{query}#post-{post.position}"


def _may_write(user) -> dict:
    """Why this person cannot write yet, for the page to say so kindly."""
    if not services.has_verified_email(user):
        return {"needs": "verify"}
    if not services.has_accepted_guidelines(user):
        return {"needs": "guidelines"}
    return {"needs": ""}


# Reading ------------------------------------------------------------------------------


@login_required
def index(request):
    """The categories this person sees, with what is new since their last visit."""
    previous = request.session.get(LAST_VISIT_KEY)
    since = None
    if previous:
        try:
            since = datetime.datetime.fromisoformat(previous)
        except ValueError:
            since = None
    request.session[LAST_VISIT_KEY] = timezone.now().isoformat()
    categories = list(Category.objects.visible_to(request.user).select_related("hub"))
    for category in categories:
        category.is_new = bool(since and category.last_post_at and category.last_post_at > since)
    groups = [
        (_("For everyone"), [c for c in categories if c.kind == Category.Kind.GLOBAL]),
        (_("Your hubs"), [c for c in categories if c.kind == Category.Kind.HUB]),
        (_("In your language"), [c for c in categories if c.kind == Category.Kind.LANGUAGE]),
    ]
    return render(
        request,
        "forum/index.html",
        {"groups": [(title, items) for title, items in groups if items], "since": since},
    )


@login_required
def category(request, slug):
    category = _get_category_for_user(request.user, slug)
    page = selectors.category_page(request.user, category, cursor=request.GET.get("after"))
    following = Follow.objects.filter(user=request.user, category=category).first()
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "can_start": permissions.can_start_thread(request.user, category),
            "following": following,
            "follow_form": FollowForm(initial={"mail": getattr(following, "mail", "daily")}),
            "is_later_page": bool(request.GET.get("after")),
        },
    )


def _page_number(request, thread: Thread) -> int:
    last = selectors.page_count(thread)
    value = request.GET.get("page", "1")
    if value == "last":
        return last
    try:
        number = int(value)
    except ValueError:
        return 1
    return min(max(1, number), last)


@login_required
def thread(request, pk):
    thread = _get_thread_for_user(request.user, pk)
    number = _page_number(request, thread)
    posts = selectors.thread_page(request.user, thread, number)
    if posts:
        services.read_mark(user=request.user, thread=thread, position=posts[-1].position)
    return _thread_response(request, thread, number, posts, ReplyForm(initial=_quote(request)))


def _quote(request) -> dict:
    try:
        return {"quote": int(request.GET.get("quote", ""))}
    except ValueError:
        return {}


def _thread_response(request, thread, number, posts, form, status=200):
    pages = selectors.page_count(thread)
    following = Follow.objects.filter(user=request.user, thread=thread).first()
    quoted = None
    quote_id = form["quote"].value() if form is not None else None
    if quote_id:
        quoted = (
            Post.objects.filter(
                pk=quote_id, thread=thread, state=State.VISIBLE, deleted_by_author=False
            )
            .select_related("author")
            .first()
        )
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "category": thread.category,
            "posts": posts,
            "page_number": number,
            "pages": pages,
            "page_range": _page_links(number, pages),
            "form": form,
            "quoted": quoted,
            "can_reply": permissions.can_post_in(request.user, thread),
            "following": following,
            "follow_form": FollowForm(initial={"mail": getattr(following, "mail", "daily")}),
            "last_position": posts[-1].position if posts else 0,
            "is_last_page": number == pages,
            "live_texts": {
                # The page counts the new replies; %(count)s is put in by the script.
                "one": _("1 new reply — show"),
                "many": _("%(count)s new replies — show"),
            },
            **_may_write(request.user),
        },
        status=status,
    )


def _page_links(number: int, pages: int) -> list[int | None]:
    """Page numbers to link: first, last, and two on each side of the current one;
    None where some are left out."""
    wanted = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    links: list[int | None] = []
    for page in wanted:
        if links and page - (links[-1] or 0) > 1:
            links.append(None)
        links.append(page)
    return links


@login_required
def post_link(request, pk):
    """A post's own address: its page of the thread, scrolled to it."""
    post = _get_post_for_user(request.user, pk)
    return redirect(_post_url(post))


@login_required
def posts_fragment(request, pk):
    """The posts after `after`, as HTML, for the live page's "show" button."""
    thread = _get_thread_for_user(request.user, pk)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    posts = selectors.posts_after(request.user, thread, after)
    if posts:
        services.read_mark(user=request.user, thread=thread, position=posts[-1].position)
    return render(
        request,
        "forum/_posts.html",
        {
            "posts": posts,
            "thread": thread,
            "can_reply": permissions.can_post_in(request.user, thread),
        },
    )


@login_required
def post_fragment(request, pk):
    """One post as HTML, after it changed (edited, hidden, shown again)."""
    try:
        post = _get_post_for_user(request.user, pk)
    except Http404:
        return HttpResponse(status=204)  # gone from view: the page removes it
    moderator = permissions.can_moderate_category(request.user, post.thread.category)
    if post.state == State.PENDING and post.author_id != request.user.pk and not moderator:
        return HttpResponse(status=204)
    selectors.decorate(request.user, [post], moderator=moderator, thread=post.thread)
    return render(
        request,
        "forum/_posts.html",
        {
            "posts": [post],
            "thread": post.thread,
            "can_reply": permissions.can_post_in(request.user, post.thread),
        },
    )


# Writing -------------------------------------------------------------------------------


def _after_writing(request, post: Post):
    """After a post is written or changed: one held for review goes to the page
    that says why (support/forum/moderation_views.held); when someone may be at
    risk, the author is shown where to find support now."""
    if post.state == State.PENDING:
        messages.info(request, _("Thank you. A moderator will read it before others see it."))
        return redirect("forum:held", pk=post.pk)
    if "at_risk" in post.hold_codes:
        messages.info(
            request,
            _(
                "It sounds as if you are carrying something very heavy right now. You do not "
                "have to carry it alone: the people in the support directory are there to "
                "listen, today."
            ),
        )
        return redirect(f"{reverse('forum:held', args=[post.pk])}")
    return None


@login_required
def thread_new(request, slug):
    category = _get_category_for_user(request.user, slug)
    if not permissions.can_start_thread(request.user, category):
        messages.error(request, _("New threads in this category are started by staff."))
        return redirect(category)
    needs = _may_write(request.user)
    if needs["needs"] == "guidelines":
        return redirect(f"{reverse('forum:guidelines')}?next={request.path}")
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                author=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.ForumError as error:
            form.add_refusal(error)
        else:
            opening = thread.posts.get(position=1)
            return _after_writing(request, opening) or redirect(thread)
    status = 400 if form.errors else 200
    return render(
        request,
        "forum/thread_new.html",
        {"category": category, "form": form, **needs},
        status=status,
    )


@login_required
@require_POST
def reply(request, pk):
    form = ReplyForm(request.POST)
    try:
        thread = _get_thread_for_user(request.user, pk)
    except Http404:
        # Removed or hidden while the reply was being written: say so, keep the words.
        gone = Thread.objects.select_related("category").filter(pk=pk).first()
        if gone is None or not permissions.can_see_category(request.user, gone.category):
            raise
        return render(
            request,
            "forum/reply_refused.html",
            {"category": gone.category, "body": request.POST.get("body", "")},
            status=400,
        )
    if form.is_valid():
        quote = None
        if form.cleaned_data["quote"]:
            quote = Post.objects.filter(pk=form.cleaned_data["quote"], thread=thread).first()
        try:
            post = services.post_reply(
                author=request.user, thread=thread, body=form.cleaned_data["body"], quote=quote
            )
        except services.ForumError as error:
            form.add_refusal(error)
        else:
            return _after_writing(request, post) or redirect(_post_url(post))
    thread.refresh_from_db()
    number = selectors.page_count(thread)
    posts = selectors.thread_page(request.user, thread, number)
    return _thread_response(request, thread, number, posts, form, status=400)


@login_required
def post_edit(request, pk):
    post = _get_post_for_user(request.user, pk)
    if post.author_id != request.user.pk:
        raise Http404
    initial = {
        "body": post.body,
        "title": post.thread.title if post.is_opening else "",
        "seen": post.edited_at.isoformat() if post.edited_at else "",
    }
    form = EditForm(request.POST or None, initial=initial)
    if not post.is_opening:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        seen = None
        if form.cleaned_data["seen"]:
            try:
                seen = datetime.datetime.fromisoformat(form.cleaned_data["seen"])
            except ValueError:
                seen = timezone.now()  # a tampered value: treat as stale
        try:
            post = services.post_edit(
                author=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title") if post.is_opening else None,
                seen_edited_at=seen,
            )
        except services.ForumError as error:
            form.add_refusal(error)
        else:
            if post.state == State.VISIBLE:
                messages.success(request, _("Your post is changed."))
            return _after_writing(request, post) or redirect(_post_url(post))
    elif request.method != "POST" and not permissions.can_edit_post(
        request.user, post, now=timezone.now()
    ):
        messages.error(
            request,
            _("This post can no longer be changed: posts can be changed for %(minutes)s minutes.")
            % {"minutes": settings.FORUM_EDIT_MINUTES},
        )
        return redirect(_post_url(post))
    return render(
        request,
        "forum/post_edit.html",
        {"post": post, "thread": post.thread, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def post_delete(request, pk):
    post = _get_post_for_user(request.user, pk)
    if not permissions.can_delete_own_post(request.user, post):
        raise Http404
    if request.method == "POST":
        try:
            services.post_delete_own(author=request.user, post=post)
        except services.ForumError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your post is deleted."))
        return redirect(_post_url(post))
    return render(request, "forum/post_delete.html", {"post": post, "thread": post.thread})


@login_required
@require_POST
def react(request, pk):
    post = _get_post_for_user(request.user, pk)
    try:
        services.reaction_toggle(user=request.user, post=post)
    except services.ForumError as error:
        messages.error(request, error.message)
    return redirect(_post_url(post))


# Following ------------------------------------------------------------------------------


@login_required
@require_POST
def follow_thread(request, pk):
    thread = _get_thread_for_user(request.user, pk)
    return _follow(request, fallback=thread.get_absolute_url(), thread=thread)


@login_required
@require_POST
def follow_category(request, slug):
    category = _get_category_for_user(request.user, slug)
    return _follow(request, fallback=category.get_absolute_url(), category=category)


def _follow(request, *, fallback, **target):
    if request.POST.get("stop"):
        services.follow_remove(user=request.user, **target)
        messages.success(request, _("You no longer follow it."))
    else:
        form = FollowForm(request.POST)
        mail = form.cleaned_data["mail"] if form.is_valid() else ""
        try:
            services.follow_set(user=request.user, mail=mail or None, **target)
        except services.ForumError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You follow it now."))
    return redirect(_safe_next(request, fallback))


@private_page
def unfollow(request, token):
    """The link in every forum e-mail: stop following, without signing in."""
    try:
        follow = digest.follow_from_token(token)
    except signing.BadSignature:
        return render(request, "forum/unfollow.html", {"invalid": True}, status=400)
    if request.method == "POST":
        if follow is not None:
            services.follow_remove(user=follow.user, thread=follow.thread, category=follow.category)
        return render(request, "forum/unfollow.html", {"done": True})
    return render(request, "forum/unfollow.html", {"follow": follow})


# Guidelines -----------------------------------------------------------------------------


def guidelines(request):
    accepted = request.user.is_authenticated and services.has_accepted_guidelines(request.user)
    next_url = _safe_next(request, reverse("forum:index"))
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if not request.POST.get("agree"):
            messages.error(request, _("Please tick the box to say you agree."))
        else:
            services.guidelines_accept(user=request.user)
            messages.success(request, _("Thank you. You can write in the forum now."))
            return redirect(next_url)
    return render(
        request,
        "forum/guidelines.html",
        {
            "accepted": accepted,
            "next": next_url,
            "version": services.guidelines_version(),
        },
    )


# Search ----------------------------------------------------------------------------------


@login_required
def search_view(request):
    categories = list(Category.objects.visible_to(request.user))
    languages = sorted(
        {(c.language, c.get_language_display()) for c in categories if c.language},
        key=lambda item: item[0],
    )
    form = SearchForm(request.GET or None, categories=categories, languages=languages)
    results, more, query = [], False, ""
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        results, more = search.search_posts(
            request.user,
            query,
            category=form.cleaned_data["category"],
            language=form.cleaned_data["language"],
        )
    return render(
        request,
        "forum/search.html",
        {"form": form, "results": results, "more": more, "query": query},
    )
