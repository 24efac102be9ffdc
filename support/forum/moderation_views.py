"""Moderators' pages (the review queue, the audit log, watched words, a member's
sanctions), the author's page of a held post, and the "Report" form on posts.

Thin views: every rule is in support/forum/moderation.py, every permission in
conference/permissions.py. Staff pages follow `permissions.staff_view` (two-factor
authentication). A post, thread or member outside the moderator's categories is
404, as everywhere else. A refused action says why and changes nothing; what was
typed stays on the page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from conference import permissions
from hubs.models import Hub
from support.forum import moderation
from support.forum.models import (
    Category,
    Flag,
    Post,
    Sanction,
    State,
    Thread,
    WatchedWord,
)
from support.forum.services import ForumError

AUDIT_PAGE = 100
QUEUE_PAGE = 50


# Helpers ---------------------------------------------------------------------------------


def highlight(text: str, spans) -> str:
    """`text` escaped, with the screening's spans in <mark>."""
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _screened(post: Post, allowlist) -> dict:
    """The screening of a post's current text: reasons with labels and the text
    with what matched marked."""
    from support.forum.screening import screen

    text = f"{post.thread.title}\n\n{post.body}" if post.is_opening else post.body
    result = screen(text, allowlist=allowlist)
    spans = [span for reason in result.reasons for span in reason.spans]
    return {"reasons": result.reasons, "marked": highlight(text, spans)}


def _require_moderator(user) -> None:
    if not permissions.can_moderate(user):
        raise Http404


def _queue_items(user, posts):
    """Decorate queue posts with flags, the post before (thread context) and the
    screening (three queries for the whole page)."""
    posts = list(posts)
    if not posts:
        return posts
    flags = {}
    for flag in Flag.objects.filter(post__in=posts, resolved_at__isnull=True).select_related(
        "member"
    ):
        flags.setdefault(flag.post_id, []).append(flag)
    wanted = Q(pk__in=[])
    for post in posts:
        if post.position > 1:
            wanted |= Q(thread_id=post.thread_id, position=post.position - 1)
    before = {
        (p.thread_id, p.position): p
        for p in Post.objects.filter(wanted).select_related("author")
        if p.state == State.VISIBLE and not p.deleted_by_author
    }
    from support.forum.allowlist import link_allowlist

    allowlist = link_allowlist()
    for post in posts:
        post.open_flags = flags.get(post.pk, [])
        post.previous = before.get((post.thread_id, post.position - 1))
        post.screening = _screened(post, allowlist)
        post.hold_labels = [moderation.label(code) for code in post.hold_codes]
    return posts


def _queue_context(request) -> dict:
    posts = _queue_items(request.user, moderation.review_posts(request.user)[:QUEUE_PAGE])
    categories = Category.objects.filter(pk__in=permissions.moderated_category_ids(request.user))
    return {
        "items": posts,
        "templates": [(key, text) for key, text in moderation.REASON_TEMPLATES.items()],
        "categories": categories,
        "hub_ids": _live_hubs(request.user),
    }


def _live_hubs(user):
    hubs = permissions.moderated_hub_ids(user)
    return "all" if hubs is None else ",".join(str(h) for h in sorted(hubs))


def _reason(request) -> str:
    return moderation.reason_text(
        template=request.POST.get("template", ""), written=request.POST.get("reason", "")
    )


# The review queue ------------------------------------------------------------------------


@permissions.staff_view
def queue(request):
    """Held, flagged and hidden posts of this moderator's categories; live."""
    _require_moderator(request.user)
    return render(request, "forum/review/queue.html", _queue_context(request))


@permissions.staff_view
def queue_item(request, pk):
    """One item of the queue, for the live page; 204 when it has left the queue."""
    _require_moderator(request.user)
    post = moderation.review_posts(request.user).filter(pk=pk).first()
    if post is None:
        return HttpResponse(status=204)
    context = _queue_context_for([post], request)
    return render(request, "forum/review/_item.html", context)


def _queue_context_for(posts, request) -> dict:
    items = _queue_items(request.user, posts)
    categories = Category.objects.filter(pk__in=permissions.moderated_category_ids(request.user))
    return {
        "item": items[0],
        "templates": list(moderation.REASON_TEMPLATES.items()),
        "categories": categories,
    }


POST_ACTIONS = {
    "approve": moderation.post_approve,
    "reject": moderation.post_reject,
    "hide": moderation.post_hide,
    "restore": moderation.post_restore,
    "redact": moderation.post_redact,
}

DONE = {
    "approve": gettext_lazy("Done: the post is published."),
    "reject": gettext_lazy("Done: the post is removed and its author told why."),
    "hide": gettext_lazy("Done: the post is hidden."),
    "restore": gettext_lazy("Done: the post is shown again."),
    "redact": gettext_lazy("Done: the personal details are removed."),
}


@permissions.staff_view
def post_action(request, pk):
    """GET: the moderation form of one post (from its "Moderate" link), whether or not
    it is in the queue; POST: an action on it."""
    _require_moderator(request.user)
    if request.method != "POST":
        post = Post.objects.select_related("thread__category__hub", "author").filter(pk=pk).first()
        if post is None or not permissions.can_moderate_category(
            request.user, post.thread.category
        ):
            raise Http404
        return render(request, "forum/review/post.html", _queue_context_for([post], request))
    action = request.POST.get("action", "")
    if action not in POST_ACTIONS:
        return _refused(request, pk, _("This is not something moderators can do."))
    expected = request.POST.get("state") or None
    try:
        reason = _reason(request)
        kwargs = {
            "actor": request.user,
            "post_id": pk,
            "reason": reason,
            "expected_state": expected,
        }
        if action == "reject":
            kwargs["template"] = (
                "" if request.POST.get("reason", "").strip() else request.POST.get("template", "")
            )
        if action == "redact":
            kwargs["body"] = request.POST.get("body") or None
        POST_ACTIONS[action](**kwargs)
    except ForumError as error:
        if error.code == "not_found":
            raise Http404 from None
        return _refused(request, pk, error.message)
    messages.success(request, DONE[action])
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/forum/") and "//" not in target:
        return target
    return reverse("forum:review")


def _refused(request, pk, message):
    """The queue again, with the refusal and what was typed (status 400)."""
    context = _queue_context(request)
    context.update(
        refusal=message,
        typed={
            "post": pk,
            "reason": request.POST.get("reason", ""),
            "template": request.POST.get("template", ""),
        },
    )
    return render(request, "forum/review/queue.html", context, status=400)


@require_POST
@permissions.staff_view
def thread_action(request, pk):
    _require_moderator(request.user)
    thread = Thread.objects.select_related("category").filter(pk=pk).first()
    if thread is None or not permissions.can_moderate_category(request.user, thread.category):
        raise Http404
    change = request.POST.get("action", "")
    try:
        reason = _reason(request)
        if change == "move":
            category = Category.objects.filter(pk=request.POST.get("category") or 0).first()
            if category is None:
                raise ForumError(_("Please choose a category."), "category")
            moderation.thread_move(
                actor=request.user, thread_id=pk, category=category, reason=reason
            )
        else:
            moderation.thread_set(actor=request.user, thread_id=pk, change=change, reason=reason)
    except ForumError as error:
        if error.code == "not_found" and error.field != "category":
            raise Http404 from None
        messages.error(request, error.message)
        return redirect(request.POST.get("next") or thread.get_absolute_url())
    messages.success(request, _("Done."))
    return redirect(thread.get_absolute_url())


# Members ----------------------------------------------------------------------------------


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=Sanction.Kind.choices)
    hub = forms.ChoiceField(label=gettext_lazy("Where"), required=False)
    days = forms.TypedChoiceField(
        label=gettext_lazy("For how many days"),
        coerce=int,
        choices=[(d, d) for d in sorted(set(moderation.SILENCE_DAYS + moderation.SUSPENSION_DAYS))],
    )
    reason = forms.CharField(label=gettext_lazy("Why (for the audit log)"), max_length=1000)
    message = forms.CharField(
        label=gettext_lazy("Message to the member"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, hubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("The whole forum"))] + [
            (str(hub.pk), str(hub)) for hub in hubs
        ]


def _member_for_moderator(user, pk):
    """A member who wrote in a category this person moderates (else 404)."""
    member = get_object_or_404(get_user_model(), pk=pk)
    wrote_here = Post.objects.filter(
        author=member, thread__category__in=permissions.moderated_category_ids(user)
    ).exists()
    if not wrote_here:
        raise Http404
    return member


@permissions.staff_view
def member(request, pk):
    _require_moderator(request.user)
    member = _member_for_moderator(request.user, pk)
    hub_ids = permissions.moderated_hub_ids(request.user)
    hubs = Hub.objects.all() if hub_ids is None else Hub.objects.filter(pk__in=hub_ids)
    form = SanctionForm(request.POST or None, hubs=hubs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.member_sanction(
                    actor=request.user,
                    member=member,
                    kind=form.cleaned_data["kind"],
                    hub=int(form.cleaned_data["hub"]) if form.cleaned_data["hub"] else None,
                    days=form.cleaned_data["days"],
                    reason=form.cleaned_data["reason"],
                    message=form.cleaned_data["message"],
                )
            except ForumError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Done."))
                return redirect("forum:review_member", pk=member.pk)
        status = 400
    sanctions = Sanction.objects.filter(member=member).select_related("hub", "created_by")
    return render(
        request,
        "forum/review/member.html",
        {"member": member, "form": form, "sanctions": sanctions},
        status=status,
    )


@require_POST
@permissions.staff_view
def sanction_lift(request, pk):
    _require_moderator(request.user)
    sanction = get_object_or_404(Sanction, pk=pk)
    try:
        moderation.sanction_lift(actor=request.user, sanction_id=pk, reason=_reason(request))
    except ForumError as error:
        if error.code == "not_found":
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("forum:review_member", pk=sanction.member_id)


# Audit log ----------------------------------------------------------------------------------


@permissions.staff_view
def audit(request):
    """The audit log: moderators their hubs' and the global entries, global admins all."""
    _require_moderator(request.user)
    entries = moderation.audit_entries_for(request.user)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = None
    if before:
        entries = entries.filter(pk__lt=before)
    rows = list(entries.order_by("-pk")[: AUDIT_PAGE + 1])
    more = len(rows) > AUDIT_PAGE
    rows = rows[:AUDIT_PAGE]
    return render(
        request,
        "forum/review/audit.html",
        {"entries": rows, "next_before": rows[-1].pk if more else None},
    )


# Watched words ------------------------------------------------------------------------------


class WatchedWordForm(forms.Form):
    word = forms.CharField(
        label=gettext_lazy("Word or phrase"),
        max_length=100,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    hub = forms.ChoiceField(label=gettext_lazy("Where"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("What to do"), choices=WatchedWord.Action.choices)
    message = forms.CharField(
        label=gettext_lazy("Message to the author (when the post is refused)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    replacement = forms.CharField(
        label=gettext_lazy("Replacement"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def __init__(self, *args, hubs=(), **kwargs):
        from conference.languages import WORKING_LANGUAGE_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Every language")), *WORKING_LANGUAGE_CHOICES]
        self.fields["hub"].choices = [("", _("The whole forum"))] + [
            (str(hub.pk), str(hub)) for hub in hubs
        ]


@permissions.staff_view
def words(request):
    _require_moderator(request.user)
    hub_ids = permissions.moderated_hub_ids(request.user)
    hubs = Hub.objects.all() if hub_ids is None else Hub.objects.filter(pk__in=hub_ids)
    form = WatchedWordForm(request.POST or None, hubs=hubs)
    status = 200
    if request.method == "POST":
        if request.POST.get("remove"):
            try:
                moderation.watched_word_remove(
                    actor=request.user, word_id=int(request.POST["remove"])
                )
            except (ForumError, ValueError):
                raise Http404 from None
            messages.success(request, _("Done."))
            return redirect("forum:review_words")
        if form.is_valid():
            data = form.cleaned_data
            try:
                moderation.watched_word_add(
                    actor=request.user,
                    word=data["word"],
                    action=data["action"],
                    language=data["language"],
                    hub=int(data["hub"]) if data["hub"] else None,
                    message=data["message"],
                    replacement=data["replacement"],
                )
            except ForumError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                messages.success(request, _("Done."))
                return redirect("forum:review_words")
        status = 400
    listed = WatchedWord.objects.select_related("hub")
    if hub_ids is not None:
        listed = listed.filter(Q(hub__isnull=True) | Q(hub_id__in=hub_ids))
    return render(
        request, "forum/review/words.html", {"form": form, "words": listed}, status=status
    )


# The author's held post -------------------------------------------------------------------------


@login_required
def held(request, pk):
    """Why one's own post waits, in kind words, with what was found marked, and a
    way to change it (the change is screened again)."""
    from support.forum.allowlist import link_allowlist

    post = get_object_or_404(Post.objects.select_related("thread__category"), pk=pk)
    moderator = permissions.can_moderate_category(request.user, post.thread.category)
    if post.author_id != request.user.pk and not moderator:
        raise Http404
    if not permissions.can_see_category(request.user, post.thread.category):
        raise Http404
    screened = _screened(post, link_allowlist())
    explanations = []
    for code in post.hold_codes:
        text = moderation.explanation(code)
        if text and code != "at_risk":
            explanations.append({"code": code, "label": moderation.label(code), "text": text})
    from django.utils import timezone

    return render(
        request,
        "forum/review/held.html",
        {
            "post": post,
            "thread": post.thread,
            "explanations": explanations,
            "marked": screened["marked"],
            "may_edit": permissions.can_edit_post(request.user, post, now=timezone.now()),
            "at_risk": "at_risk" in post.hold_codes,
        },
    )


# Reporting a post -------------------------------------------------------------------------------


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("A few words for the moderators (needed for “Something else”)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


@login_required
def report(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__category"), pk=pk)
    if not permissions.can_see_post(request.user, post) or post.state != State.VISIBLE:
        raise Http404
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            flag = moderation.flag_create(
                member=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ForumError as error:
            if error.code == "not_found":
                raise Http404 from None
            if error.code == "already":
                messages.info(request, error.message)
                return redirect(post.get_absolute_url())
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = 400
        else:
            messages.success(request, _("Thank you. A moderator will read it."))
            if flag.reason == Flag.Reason.AT_RISK:
                messages.info(
                    request,
                    _(
                        "Support staff have been told. If you are worried about someone "
                        "right now, the support directory lists people who can help today."
                    ),
                )
            return redirect(post.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(request, "forum/review/report.html", {"post": post, "form": form}, status=status)


# Support staff: forum concerns --------------------------------------------------------------------


@require_POST
@permissions.staff_view
def concern_close(request, pk):
    try:
        moderation.concern_close(user=request.user, concern_id=pk)
    except ForumError:
        raise Http404 from None
    messages.success(request, _("Done."))
    return redirect("support_signals:list")
