"""Rules comparing the app client (DescribeUserPoolClient) with the app's settings."""

from __future__ import annotations

import hmac

from ..conf import PREFIX, AppSettings
from .finding import ERROR, INFO, OK, WARNING, Described, Finding, compare_lifetimes, duration

#: botocore's model: a client created without ExplicitAuthFlows allows these.
DEFAULT_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
FLOW_NEEDS = {"USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
              "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
              "USER_AUTH": "ALLOW_USER_AUTH", "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH"}
REFRESH_FLOW = "ALLOW_REFRESH_TOKEN_AUTH"
#: The flow of the sign-in right after a confirmed sign-up (``SIGN_UP_SIGNS_IN``).
SIGN_UP_FLOW = FLOW_NEEDS["USER_AUTH"]
FULL_UPDATE = ("(update-user-pool-client resets every setting left out: pass them all, or use "
               "the console)")


def auth_flows(seen: Described, conf: AppSettings) -> list[Finding]:
    allowed = tuple(seen.client.get("ExplicitAuthFlows") or DEFAULT_FLOWS)
    if not any(flow.startswith("ALLOW_") for flow in allowed):
        return [Finding(WARNING, "auth-flows", f"The app client lists only legacy "
                        f"ExplicitAuthFlows ({', '.join(allowed)}): this check cannot tell "
                        "which flows they allow.", "Replace them with ALLOW_ values: "
                        f"{FLOW_NEEDS.get(conf.AUTH_FLOW, 'ALLOW_USER_SRP_AUTH')} and "
                        f"{REFRESH_FLOW} {FULL_UPDATE}.")]
    needed = (FLOW_NEEDS.get(conf.AUTH_FLOW), REFRESH_FLOW)
    found = [_missing_flow(flow, conf) for flow in needed if flow not in allowed]
    used = (*needed, SIGN_UP_FLOW) if conf.SIGN_UP and conf.SIGN_UP_SIGNS_IN else needed
    unused = [flow for flow in allowed if flow not in used]
    if not found:
        found.append(Finding(OK, "auth-flows", f"The app client allows {needed[0]} "
                             f"({PREFIX}AUTH_FLOW) and {REFRESH_FLOW}."))
    if unused:
        found.append(Finding(INFO, "auth-flows", f"The app client also allows "
                             f"{', '.join(unused)}, which this app does not use.",
                             "Remove the flows no app of this client uses."))
    return found


def _missing_flow(flow: str | None, conf: AppSettings) -> Finding:
    if flow is None:
        return Finding(ERROR, "auth-flows", f"{PREFIX}AUTH_FLOW is {conf.AUTH_FLOW!r}, not a "
                       "flow this app signs in with.", "Use USER_SRP_AUTH (recommended), "
                       "USER_PASSWORD_AUTH, USER_AUTH or CUSTOM_AUTH.")
    if flow == REFRESH_FLOW:
        why = ("refreshes are refused, so every session ends when its first access token "
               "expires")
    else:
        why = (f"every sign-in is refused ({PREFIX}AUTH_FLOW is {conf.AUTH_FLOW}; Cognito "
               "answers \"flow not enabled for this client\")")
    return Finding(ERROR, "auth-flows", f"The app client does not allow {flow}: {why}.",
                   f"Add {flow} to the app client's ExplicitAuthFlows {FULL_UPDATE}.")


def client_secret(seen: Described, conf: AppSettings) -> list[Finding]:
    # SECURITY: never print either secret, not even in part.
    secret, configured = seen.client.get("ClientSecret"), conf.CLIENT_SECRET
    if secret and not configured:
        return [Finding(ERROR, "client-secret", f"The app client has a secret and "
                        f"{PREFIX}CLIENT_SECRET is not set: every call lacks SECRET_HASH and "
                        "is refused.", f"Set {PREFIX}CLIENT_SECRET to the app client's secret "
                        "(the console's app client page, or describe-user-pool-client).")]
    if configured and not secret:
        return [Finding(ERROR, "client-secret", f"{PREFIX}CLIENT_SECRET is set but the app "
                        "client has no secret: Cognito refuses the SECRET_HASH the app sends.",
                        f"Unset {PREFIX}CLIENT_SECRET, or use an app client with a secret.")]
    if not secret:
        return [Finding(WARNING, "client-secret", "The app client has no secret: anyone who "
                        "learns the client id can call Cognito's sign-in API as this site, and "
                        "the person's IP cannot be passed to threat protection.",
                        "Create an app client with a secret (a secret cannot be added to an "
                        f"existing client) and set {PREFIX}CLIENT_SECRET.")]
    if not hmac.compare_digest(secret.encode(), configured.encode()):
        return [Finding(ERROR, "client-secret", f"{PREFIX}CLIENT_SECRET is not the app "
                        "client's secret: every call's SECRET_HASH is refused.",
                        f"Set {PREFIX}CLIENT_SECRET to the app client's current secret.")]
    return [Finding(OK, "client-secret", f"{PREFIX}CLIENT_SECRET is the app client's secret.")]


def auth_session(seen: Described, conf: AppSettings) -> list[Finding]:
    minutes = seen.client.get("AuthSessionValidity") or 3  # botocore's model: 3 to 15, 3 default
    cognito, app = minutes * 60, conf.AUTH_SESSION_VALIDITY
    return compare_lifetimes(
        "auth-session", app, cognito,
        longer=(f"{PREFIX}AUTH_SESSION_VALIDITY is {duration(app)}, longer than the app "
                f"client's AuthSessionValidity of {duration(cognito)}: a person who answers a "
                "step late gets Cognito's \"session is expired\" instead of the app's own "
                "restart.",
                f"Set {PREFIX}AUTH_SESSION_VALIDITY = {cognito}, or raise AuthSessionValidity "
                f"(3 to 15 minutes) {FULL_UPDATE}."),
        matching=(f"A pending sign-in lives {duration(app)} here; the app client's "
                  f"AuthSessionValidity is {duration(cognito)}."),
        shorter_fix=(f"Set {PREFIX}AUTH_SESSION_VALIDITY = {cognito} to give people the time "
                     "Cognito gives."))


def token_revocation(seen: Described, conf: AppSettings) -> list[Finding]:
    if seen.client.get("EnableTokenRevocation", True):
        return [Finding(OK, "token-revocation", "Token revocation is on: sign-out revokes the "
                        "refresh token.")]
    return [Finding(WARNING, "token-revocation", "Token revocation is off for the app client: "
                    "sign-out cannot revoke the refresh token, which stays valid until it "
                    "expires.", f"Turn on EnableTokenRevocation {FULL_UPDATE}.")]


def user_existence(seen: Described, conf: AppSettings) -> list[Finding]:
    value = seen.client.get("PreventUserExistenceErrors") or "LEGACY"  # the API's default
    if value == "ENABLED":
        found = [Finding(OK, "user-existence-errors", "PreventUserExistenceErrors is ENABLED.")]
    else:
        found = [Finding(WARNING, "user-existence-errors", f"PreventUserExistenceErrors is "
                         f"{value}: Cognito answers unknown usernames differently "
                         "(UserNotFoundException, no decoy SRP), so anyone with the client id "
                         "can find which accounts exist.",
                         f"Set PreventUserExistenceErrors to ENABLED {FULL_UPDATE}.")]
    return found + _sign_up_existence(value, conf)


def _sign_up_existence(value: str, conf: AppSettings) -> list[Finding]:
    """The sign-up page's answer to a taken name, declared in PREVENT_USER_EXISTENCE_ERRORS."""
    hidden = value == "ENABLED"
    if not conf.SIGN_UP or hidden == conf.PREVENT_USER_EXISTENCE_ERRORS:
        return []
    if hidden:
        return [Finding(WARNING, "user-existence-errors",
                        f"{PREFIX}PREVENT_USER_EXISTENCE_ERRORS is False while the app client "
                        "hides which accounts exist: the sign-up page says \"That username is "
                        "taken\", so anyone can find out there what every other page keeps to "
                        "itself.",
                        f"Set {PREFIX}PREVENT_USER_EXISTENCE_ERRORS = True.")]
    return [Finding(INFO, "user-existence-errors", f"{PREFIX}PREVENT_USER_EXISTENCE_ERRORS is "
                    f"True while PreventUserExistenceErrors is {value}: the sign-up page hides "
                    "a taken name (a confirmation page, and no code arrives), which Cognito's "
                    "other answers tell anyway.", "Set PreventUserExistenceErrors to ENABLED "
                    f"{FULL_UPDATE}; or, to tell people the name is taken, "
                    f"{PREFIX}PREVENT_USER_EXISTENCE_ERRORS = False.")]
