from django.urls import path

from mamori_web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("locks/", views.locks, name="locks"),
    path("locks/<int:lock_id>/unlock/", views.unlock, name="unlock"),
]
