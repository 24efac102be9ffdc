from django.urls import path

from support.forum import moderation_urls, views

app_name = "forum"

urlpatterns = [
    path("forum/", views.index, name="index"),
    path("forum/guidelines/", views.guidelines, name="guidelines"),
    path("forum/search/", views.search_view, name="search"),
    path("forum/unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path("forum/c/<slug:slug>/", views.category, name="category"),
    path("forum/c/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("forum/c/<slug:slug>/follow/", views.follow_category, name="follow_category"),
    path("forum/t/<int:pk>/", views.thread, name="thread"),
    path("forum/t/<int:pk>/reply/", views.reply, name="reply"),
    path("forum/t/<int:pk>/follow/", views.follow_thread, name="follow_thread"),
    path("forum/t/<int:pk>/posts/", views.posts_fragment, name="posts_fragment"),
    path("forum/p/<int:pk>/", views.post_link, name="post"),
    path("forum/p/<int:pk>/fragment/", views.post_fragment, name="post_fragment"),
    path("forum/p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("forum/p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("forum/p/<int:pk>/with-you/", views.react, name="react"),
    *moderation_urls.urlpatterns,
]
