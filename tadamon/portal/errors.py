"""Error pages in the visitor's language; never a stack trace."""

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "portal/error.html", {"status": 404}, status=404)


def forbidden(request, exception=None):
    return render(request, "portal/error.html", {"status": 403}, status=403)


def server_error(request):
    return render(request, "portal/error.html", {"status": 500}, status=500)
