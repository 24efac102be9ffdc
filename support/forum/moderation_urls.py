"""Addresses of forum moderation (included from support/forum/urls.py)."""

from django.urls import path

from support.forum import moderation_views as views

urlpatterns = [
    path("forum/review/", views.queue, name="review"),
    path("forum/review/item/<int:pk>/", views.queue_item, name="review_item"),
    path("forum/review/p/<int:pk>/", views.post_action, name="review_post"),
    path("forum/review/t/<int:pk>/", views.thread_action, name="review_thread"),
    path("forum/review/member/<int:pk>/", views.member, name="review_member"),
    path("forum/review/sanction/<int:pk>/lift/", views.sanction_lift, name="review_lift"),
    path("forum/review/audit/", views.audit, name="review_audit"),
    path("forum/review/words/", views.words, name="review_words"),
    path("forum/review/concern/<int:pk>/close/", views.concern_close, name="concern_close"),
    path("forum/held/<int:pk>/", views.held, name="held"),
    path("forum/p/<int:pk>/report/", views.report, name="report"),
]
