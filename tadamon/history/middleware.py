"""Gives each request an id, so the history ties together what one request changed."""

from tadamon.history.chain import current_request_id, new_request_id


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request_id.set(new_request_id())
        try:
            return self.get_response(request)
        finally:
            current_request_id.reset(token)
