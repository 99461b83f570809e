from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Placeholder: lockout is added by the accounts work."""
