from django.urls import path

from . import views

urlpatterns = [
    path("", views.feed, name="audience_feed"),
    path("preferences/", views.preferences, name="audience_preferences"),
    path("followers/", views.followers, name="audience_followers"),
    path("state/", views.state, name="audience_state"),
    path("notifications/", views.notifications, name="audience_notifications"),
    path("author/<id:pk>/", views.follow_page, {"kind": "author"}, name="audience_follow_author"),
    path(
        "channel/<id:pk>/", views.follow_page, {"kind": "channel"}, name="audience_follow_channel"
    ),
    path("helpful/<id:hub_id>/", views.helpful, name="audience_helpful"),
    path("newsletter/", views.newsletter_form, name="audience_newsletter_form"),
    path("newsletters/<id:pk>/", views.newsletter, name="audience_newsletter"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="audience_unsubscribe"),
]
