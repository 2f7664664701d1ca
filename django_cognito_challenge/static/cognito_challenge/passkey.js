/*
 * Passkeys for django-cognito-challenge: no dependency, no inline script (a strict CSP holds).
 *
 * A page marks its form with data-passkey="get" (sign in) or "create" (add a passkey) and
 * data-options="<id>", the id of the json_script element holding the WebAuthn options as JSON
 * (base64url strings where the API wants bytes). The form's [data-passkey-start] button runs
 * navigator.credentials.get() or .create(); the answer, serialised as the WebAuthn Level 3
 * AuthenticationResponseJSON or RegistrationResponseJSON, goes in the form's hidden
 * "credential" field and the form is submitted, with its CSRF token. What the person reads when
 * it cannot be done comes from the form's data-msg-* attributes (translated by the template):
 * data-msg-unsupported, data-msg-cancelled, data-msg-exists, data-msg-failed; the button then
 * reads data-label-retry.
 */
(function () {
  "use strict";

  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    if (!buffer) {
      return null;
    }
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withByteIds(descriptors) {
    return (descriptors || []).map(function (descriptor) {
      return Object.assign({}, descriptor, { id: toBytes(descriptor.id) });
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withByteIds(json.allowCredentials),
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withByteIds(json.excludeCredentials),
    });
  }

  function common(credential) {
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || null,
    };
  }

  function assertionJSON(credential) {
    const response = credential.response;
    return Object.assign(common(credential), {
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: toBase64url(response.userHandle),
      },
    });
  }

  function call(response, method) {
    return typeof response[method] === "function" ? response[method]() : undefined;
  }

  function registrationJSON(credential) {
    const response = credential.response;
    const serialised = {
      clientDataJSON: toBase64url(response.clientDataJSON),
      attestationObject: toBase64url(response.attestationObject),
      transports: call(response, "getTransports") || [],
    };
    const data = call(response, "getAuthenticatorData");
    const key = call(response, "getPublicKey");
    const algorithm = call(response, "getPublicKeyAlgorithm");
    if (data) {
      serialised.authenticatorData = toBase64url(data);
    }
    if (key) {
      serialised.publicKey = toBase64url(key);
    }
    if (typeof algorithm === "number") {
      serialised.publicKeyAlgorithm = algorithm;
    }
    return Object.assign(common(credential), { response: serialised });
  }

  function supported() {
    return Boolean(window.PublicKeyCredential && navigator.credentials &&
                   window.isSecureContext !== false);
  }

  function say(form, message) {
    const status = form.querySelector("[data-passkey-status]");
    status.textContent = message;
    status.hidden = false;
  }

  function messageFor(form, mode, error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "AbortError") {
      return form.dataset.msgCancelled;
    }
    if (name === "InvalidStateError" && mode === "create") {
      return form.dataset.msgExists;
    }
    return form.dataset.msgFailed;
  }

  async function ceremony(form, button) {
    const mode = form.dataset.passkey;
    if (!supported()) {
      say(form, form.dataset.msgUnsupported);
      return;
    }
    const options = JSON.parse(document.getElementById(form.dataset.options).textContent);
    button.disabled = true;
    try {
      let answer;
      if (mode === "create") {
        answer = registrationJSON(
          await navigator.credentials.create({ publicKey: creationOptions(options) }));
      } else {
        answer = assertionJSON(
          await navigator.credentials.get({ publicKey: requestOptions(options) }));
      }
      form.elements.credential.value = JSON.stringify(answer);
      form.submit();
    } catch (error) {
      button.disabled = false;
      button.textContent = form.dataset.labelRetry;
      say(form, messageFor(form, mode, error));
    }
  }

  function setUp(form) {
    const button = form.querySelector("[data-passkey-start]");
    if (!supported()) {
      say(form, form.dataset.msgUnsupported);
    }
    button.addEventListener("click", function () {
      ceremony(form, button);
    });
  }

  function ready() {
    document.querySelectorAll("form[data-passkey]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
