"""CalDAV passwords in the desktop's keyring (the Secret Service on Linux), through `keyring`.

Each password is stored under the service "deskbreak" with the source's name as its key; it is
never written to the config, the state folder or the logs. Every failure of the keyring itself
(no Secret Service, a locked or refused collection, a bus that does not answer) comes out as
`KeyringProblem` with the library's own words.
"""

from __future__ import annotations

SERVICE = "deskbreak"


class KeyringProblem(Exception):
    """The keyring cannot be used; the message is the library's own, in English."""


def password(name: str) -> str | None:
    """The stored password of the source `name`, or None when there is none."""
    import keyring

    try:
        return keyring.get_password(SERVICE, name)
    except Exception as exc:  # keyring, secretstorage and jeepney each raise their own
        raise KeyringProblem(_words(exc)) from None


def store(name: str, secret: str) -> None:
    import keyring

    try:
        keyring.set_password(SERVICE, name, secret)
    except Exception as exc:
        raise KeyringProblem(_words(exc)) from None


def forget(name: str) -> bool:
    """Remove the password of `name`; False when none was stored."""
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return False
    except Exception as exc:
        raise KeyringProblem(_words(exc)) from None
    return True


def _words(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__
