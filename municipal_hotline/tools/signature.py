"""The signed posts of outside systems (the PBX's call events, the SMS provider's
received messages and delivery reports): an HMAC-SHA256 of the body under a shared
secret, sent as ``sha256=<hex>`` in a header and compared in constant time."""

import hashlib
import hmac


def hmac_sha256(secret, message):
    """The hex HMAC-SHA256 of ``message`` (bytes) under ``secret`` (text)."""
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(header, secret, message):
    """Whether ``header`` ("sha256=<hex>", or the bare hex) signs ``message`` under
    ``secret``; an empty header or secret signs nothing."""
    signature = (header or "").removeprefix("sha256=").strip().lower()
    if not (signature and secret):
        return False
    return hmac.compare_digest(signature, hmac_sha256(secret, message))
